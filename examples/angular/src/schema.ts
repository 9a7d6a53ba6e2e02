import type { Entity } from 'flask-restless-rx';

/** The reference server's Person model (test/server/models.py), typed. */
export type Schema = {
  Person: {
    attributes: { id: number; name: string | null; birth_date: Date | null };
    relations: {};
    methods: { speak(what_to_say: string): string };
  };
};

export type Person = Entity<Schema, 'Person'>;
