/**
 * The APIs an NG app registers (`manager.create_api(Model, url_prefix=..., ...)`): the emulator's
 * main API serves every model under `apiPrefix` with the recordings' settings; `apis` adds more
 * registrations of chosen models under other prefixes with their own `create_api` settings
 * (docs/protocol/jsonapi/: `/api2`, `/api-fixed`), all over one database.
 */
import { ValidationError } from '../../errors.js';
import type { Datamodel, ModelDef } from '../../schema/datamodel.js';

/** The `create_api` settings of one model in one API. */
export interface CreateApiSettings {
  /** The methods it serves (`methods=`), default all four; the others are Flask's 405. */
  readonly methods?: ReadonlyArray<'GET' | 'POST' | 'PATCH' | 'DELETE'>;
  /** `page_size` (default: the emulator's `pageSize`). */
  readonly pageSize?: number;
  /** `max_page_size` (default: the emulator's `maxPageSize`). */
  readonly maxPageSize?: number;
  /** `allow_client_generated_ids` (default false: a POST with an id is a 403). */
  readonly allowClientGeneratedIds?: boolean;
  /** `allow_to_many_replacement` (default true, as the recordings' main API; false: PATCH of a to-many is a 403). */
  readonly allowToManyReplacement?: boolean;
  /** `allow_delete_from_to_many_relationships` (default true; false: DELETE at a to-many /relationships/ URL is a 403). */
  readonly allowDeleteFromToMany?: boolean;
  /** `additional_attributes`: column association proxies served as attributes. */
  readonly additionalAttributes?: readonly string[];
  /** `exclude`: attributes and relationships left out of its resources. */
  readonly exclude?: readonly string[];
}

/** One more API: its URL prefix and the models it serves, by class name. */
export interface JsonApiRegistration {
  readonly prefix: string;
  readonly models: Readonly<Record<string, CreateApiSettings>>;
}

/** One model as an API serves it, its settings resolved. */
export interface ServedModel {
  readonly model: ModelDef;
  readonly methods: ReadonlySet<string>;
  readonly pageSize: number;
  readonly maxPageSize: number;
  readonly allowClientGeneratedIds: boolean;
  readonly allowToManyReplacement: boolean;
  readonly allowDeleteFromToMany: boolean;
  readonly additionalAttributes: readonly string[];
  readonly exclude: ReadonlySet<string>;
}

/** An API: its prefix and what it serves, by JSON:API type (the collection name). */
export interface ApiDef {
  readonly prefix: string;
  readonly byType: ReadonlyMap<string, ServedModel>;
  /** By model class name, for the settings of included and related resources. */
  readonly byModel: ReadonlyMap<string, ServedModel>;
}

const ALL_METHODS = ['GET', 'POST', 'PATCH', 'DELETE'] as const;

export function buildApis(
  datamodel: Datamodel,
  main: { readonly prefix: string; readonly pageSize: number; readonly maxPageSize: number; readonly additionalAttributes: Readonly<Record<string, readonly string[]>> },
  more: readonly JsonApiRegistration[],
): ApiDef[] {
  const defaults = { pageSize: main.pageSize, maxPageSize: main.maxPageSize };
  const mainModels = Object.fromEntries([...datamodel.models.keys()].map((name) => [name, { additionalAttributes: main.additionalAttributes[name] ?? [] }]));
  for (const name of Object.keys(main.additionalAttributes)) if (!datamodel.models.has(name)) throw new ValidationError(`additionalAttributes: the datamodel has no model "${name}"`, { model: name });
  return [api(main.prefix, mainModels, datamodel, defaults), ...more.map((registration) => api(registration.prefix.replace(/\/+$/, ''), registration.models, datamodel, defaults))];
}

function api(prefix: string, models: Readonly<Record<string, CreateApiSettings>>, datamodel: Datamodel, defaults: { readonly pageSize: number; readonly maxPageSize: number }): ApiDef {
  const byType = new Map<string, ServedModel>();
  const byModel = new Map<string, ServedModel>();
  for (const [name, settings] of Object.entries(models)) {
    const model = datamodel.models.get(name);
    if (model === undefined) throw new ValidationError(`apis: the datamodel has no model "${name}" (under ${prefix})`, { model: name });
    const served: ServedModel = {
      model,
      methods: new Set(settings.methods ?? ALL_METHODS),
      pageSize: settings.pageSize ?? defaults.pageSize,
      maxPageSize: settings.maxPageSize ?? defaults.maxPageSize,
      allowClientGeneratedIds: settings.allowClientGeneratedIds ?? false,
      allowToManyReplacement: settings.allowToManyReplacement ?? true,
      allowDeleteFromToMany: settings.allowDeleteFromToMany ?? true,
      additionalAttributes: settings.additionalAttributes ?? [],
      exclude: new Set(settings.exclude ?? []),
    };
    byType.set(model.collection, served);
    byModel.set(name, served);
  }
  return { prefix, byType, byModel };
}
