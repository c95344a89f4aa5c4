/**
 * `SameShape<A, B>` is `true` when A and B are assignable to each other and have the same keys at
 * every depth (mutual assignability alone misses an optional field one side lacks). Used to hold a
 * zod schema's inferred type to the model it describes.
 */

type Defined<T> = Exclude<T, undefined | null>;
/** Every key of every member of a union, not only the common ones. */
type AllKeys<T> = T extends unknown ? keyof T : never;
type Prop<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type KeysMatch<A, B> =
  Defined<A> extends readonly (infer EA)[]
    ? Defined<B> extends readonly (infer EB)[]
      ? KeysMatch<EA, EB>
      : false
    : Defined<A> extends object
      ? Defined<B> extends object
        ? Mutual<AllKeys<Defined<A>>, AllKeys<Defined<B>>> extends true
          ? false extends { [K in AllKeys<Defined<A>>]: KeysMatch<Prop<Defined<A>, K>, Prop<Defined<B>, K>> }[AllKeys<Defined<A>>]
            ? false
            : true
          : false
        : false
      : true;

export type SameShape<A, B> = Mutual<A, B> extends true ? KeysMatch<A, B> : false;
