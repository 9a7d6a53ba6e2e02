/** The part of the reference server's models the bundle apps use. */
export type Schema = {
  Person: {
    attributes: { id: number; name: string | null; birth_date: Date | null };
    relations: {};
    methods: { speak(what_to_say: string): string };
  };
};
