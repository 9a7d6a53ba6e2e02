/**
 * The reference datamodel plus two to-one relations it lacks, for the save cases it cannot show:
 * `Person.favourite` (a Computer, by the foreign key column `favourite_id`) closes a reference
 * cycle with `Computer.owner`; `Article.author` (a Person) has no foreign key column on the
 * Article side, so it is sent as a key-only object.
 */
import { recordedDatamodel } from '../../mocks/datamodel.js';

const { Person, Article } = recordedDatamodel;

export const extendedDatamodel = {
  ...recordedDatamodel,
  Person: {
    ...Person,
    attributes: { ...Person.attributes, favourite_id: 'integer' },
    relations: { ...Person.relations, favourite: { foreign_model: 'Computer', relation_type: 'MANYTOONE', local_column: 'favourite_id' } },
  },
  Article: {
    ...Article,
    relations: { ...Article.relations, author: { foreign_model: 'Person', relation_type: 'MANYTOONE' } },
  },
};
