/** The models of the reference server (test/server/models.py) that the page uses. */
export type Schema = {
  Person: {
    attributes: { id: number; name: string | null; birth_date: Date | null };
    relations: {};
    methods: { speak(what_to_say: string): string };
  };
  TypeZoo: {
    attributes: { id: number; a_string: string | null; a_binary: Uint8Array | null };
    relations: {};
    methods: {};
  };
};
