/**
 * The GET views: collections (with filters, sort, pages, include, fields), single resources,
 * related resources (`/api/person/1/computers`, `/api/computer/1/owner`,
 * `/api/person/1/computers/2`) and relationship linkage (`/api/person/1/relationships/computers`),
 * with the documents' odd links as recorded (read.md #62 to #69: a related collection's
 * `links.self` is the parent collection, its page links repeat `filter[objects]` as `json.dumps`
 * writes it).
 */
import type { PyValue } from '../../query/python-json.js';
import type { ModelDef } from '../../schema/datamodel.js';
import type { StoredRow } from '../core/db.js';
import type { JsonApiContext } from './context.js';
import { decodeFilters } from './decode-filter.js';
import { keptSearch } from './kept-searches.js';
import { pageLinks, pageSlice, readPage } from './paging.js';
import { includePaths, includedRows, sortedRows, sparseFields } from './query-parameters.js';
import { relatedOf } from './related-rows.js';
import { failWith } from './request-failure.js';
import { JSONAPI_VERSION, documentResponse, errorResponse, htmlPage } from './responses.js';
import { identifier, linkage, resourceObject } from './serialize.js';
import { PYTHON_DEFAULT, pyDumps } from '../../query/python-json.js';
import type { WireValue } from '../../query/expression.js';

/** GET /api/<collection>. */
export function getCollection(request: Request, model: ModelDef, ctx: JsonApiContext): Response {
  const url = new URL(request.url);
  const page = readPage(url, ctx);
  const filters = decodeFilters(url.searchParams.get('filter[objects]'), model, ctx);
  const key = JSON.stringify([model.name, url.searchParams.get('filter[objects]'), url.searchParams.get('sort')]);
  const rows = keptSearch(ctx.db, key, () => sortedRows(ctx.db.scan(model).filter((row) => filters === undefined || filters.predicate(row)), url, model, ctx));
  // The server's COUNT of a subclass collection leaves out the discriminator criterion (polymorphism.md
  // #2); with page[size]=0 there is no COUNT query, so the total is right (#5).
  const total = model.parent === undefined || filters !== undefined || page.size === 0 ? rows.length : familyCount(model, ctx);
  return collectionDocument(request, rows, total, page, `${ctx.api.prefix}/${model.collection}`, undefined, ctx);
}

function familyCount(model: ModelDef, ctx: JsonApiContext): number {
  const root = ctx.datamodel.models.get(model.root) ?? model;
  return ctx.db.scan(root).length;
}

/** GET /api/<collection>/<id>. */
export function getResource(request: Request, model: ModelDef, id: string, ctx: JsonApiContext): Response {
  const url = new URL(request.url);
  const row = findResource(model, id, ctx);
  const fields = sparseFields(url);
  const data = resourceObject(row, ctx, fields);
  return documentResponse(200, withIncluded({ data, jsonapi: JSONAPI_VERSION }, [row], url, ctx));
}

/** GET /api/<collection>/<id>/<relation>[/<related id>]. */
export function getRelated(request: Request, model: ModelDef, id: string, relationName: string, relatedId: string | undefined, ctx: JsonApiContext): Response {
  const url = new URL(request.url);
  const row = findResource(model, id, ctx);
  const relation = model.relations.get(relationName);
  if (relation === undefined) return failWith(errorResponse(404, { detail: `No such relation: ${relationName}` }));
  const related = relatedOf(row, relationName, ctx);
  const path = url.pathname;
  if (relatedId !== undefined) {
    if (!relation.many) return failWith(errorResponse(404, { detail: 'Cannot access a related resource by ID from a to-one relation' }));
    const members = Array.isArray(related) ? related : [];
    const member = members.find((candidate) => identifier(candidate).id === relatedId);
    if (member === undefined) return failWith(errorResponse(404, { detail: `No related resource with ID ${relatedId}` }));
    const data = resourceObject(member, ctx, sparseFields(url));
    return documentResponse(200, withIncluded({ data, jsonapi: JSONAPI_VERSION, links: { self: path }, meta: {} }, [member], url, ctx));
  }
  if (!relation.many || !Array.isArray(related)) {
    const single = Array.isArray(related) ? (related[0] ?? null) : related;
    const data = single === null ? null : resourceObject(single, ctx, sparseFields(url));
    return documentResponse(200, withIncluded({ data, jsonapi: JSONAPI_VERSION, links: { self: path }, meta: {} }, single === null ? [] : [single], url, ctx));
  }
  const target = relation.targetModel;
  const page = readPage(url, ctx);
  const filters = decodeFilters(url.searchParams.get('filter[objects]'), target, ctx);
  const matching = related.filter((candidate) => filters === undefined || filters.predicate(candidate));
  const rows = sortedRows(matching, url, target, ctx);
  const repeated = filters === undefined ? undefined : `filter[objects]=${pyDumps(filters.parsed, PYTHON_DEFAULT)}`;
  return collectionDocument(request, rows, rows.length, page, `${ctx.api.prefix}/${model.collection}`, repeated, ctx);
}

/** GET /api/<collection>/<id>/relationships/<relation>. */
export function getRelationship(request: Request, model: ModelDef, id: string, relationName: string, ctx: JsonApiContext): Response {
  const url = new URL(request.url);
  const relation = model.relations.get(relationName);
  // An unknown relation fails inside the view before the lookup (an unhandled exception).
  if (relation === undefined) return failWith(htmlPage(500));
  const row = findResource(model, id, ctx);
  const related = relatedOf(row, relationName, ctx);
  if (!relation.many || !Array.isArray(related)) {
    const single = Array.isArray(related) ? (related[0] ?? null) : related;
    const path = `${ctx.api.prefix}/${model.collection}/${id}`;
    return documentResponse(200, { data: linkage(single), jsonapi: JSONAPI_VERSION, links: { related: `${path}/${relationName}`, self: `${path}/relationships/${relationName}` }, meta: {} });
  }
  const page = readPage(url, ctx);
  const rows = pageSlice(related, page);
  const { links, meta, header } = pageLinks(request, `${ctx.api.prefix}/${model.collection}`, related.length, page, undefined);
  return documentResponse(200, { data: rows.map(identifier), jsonapi: JSONAPI_VERSION, links, meta }, { Link: header });
}

/** The row behind `/<collection>/<id>`, or the 404 document. */
export function findResource(model: ModelDef, id: string, ctx: JsonApiContext): StoredRow {
  const row = ctx.db.find(model, id as WireValue);
  return row ?? failWith(errorResponse(404, { detail: `No resource with ID ${id}` }));
}

function collectionDocument(request: Request, rows: readonly StoredRow[], total: number, page: ReturnType<typeof readPage>, selfPath: string, repeated: string | undefined, ctx: JsonApiContext): Response {
  const url = new URL(request.url);
  // A to-many sort path repeats rows in the join (and in `total`); the ORM hands each entity out once.
  const slice = [...new Set(pageSlice(rows, page))];
  const fields = sparseFields(url);
  const data = slice.map((row) => resourceObject(row, ctx, fields));
  const { links, meta, header } = pageLinks(request, selfPath, total, page, repeated);
  return documentResponse(200, withIncluded({ data, jsonapi: JSONAPI_VERSION, links, meta }, slice, url, ctx), { Link: header });
}

/** Adds `included` when the request asks for it. */
export function withIncluded(document: { [key: string]: PyValue }, primary: readonly StoredRow[], url: URL, ctx: JsonApiContext): { [key: string]: PyValue } {
  const paths = includePaths(url);
  if (paths.length === 0) return document;
  const fields = sparseFields(url);
  const included = includedRows(primary, paths, (row, relation) => relatedOf(row, relation, ctx)).map((row) => resourceObject(row, ctx, fields));
  return { ...document, included };
}

