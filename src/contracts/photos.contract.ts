import { Type, type Static } from 'typebox';

/** Photo check (decision 0010): a data URL of a JPEG, PNG or WebP (≤ 5 MB) and the holder's consent. */
export const PhotoBody = Type.Object({
  photo: Type.String({ minLength: 20, maxLength: 7_100_000, description: 'data:image/jpeg|png|webp;base64,… — re-encoded (metadata stripped), ≤ 320 px, ≤ 25 KB' }),
  consent: Type.Boolean({ description: 'The holder agrees that door staff see this photo. Required (true).' }),
}, { additionalProperties: false });
export type PhotoBody = Static<typeof PhotoBody>;

export const PhotoAnswer = Type.Object({ hasPhoto: Type.Boolean(), bytes: Type.Integer() });
export type PhotoAnswer = Static<typeof PhotoAnswer>;

export const PhotoPackQuery = Type.Object({
  since: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'The previous page’s cursor; omit to start over.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

/** [serial, nonce, sealed thumbnail] (base64url), or [serial, null, null] when the photo was removed. */
export const PhotoPack = Type.Object({
  photoCheckTypes: Type.Array(Type.Integer(), { description: 'Type numbers whose tickets show a photo (or "No photo").' }),
  items: Type.Array(Type.Union([
    Type.Tuple([Type.Integer(), Type.String(), Type.String()]),
    Type.Tuple([Type.Integer(), Type.Null(), Type.Null()]),
  ])),
  cursor: Type.String(),
  more: Type.Boolean(),
  /** This device is not allowed guest data offline (a manager's switch): no thumbnails, photos online only. */
  withheld: Type.Optional(Type.Literal(true)),
});
export type PhotoPack = Static<typeof PhotoPack>;
