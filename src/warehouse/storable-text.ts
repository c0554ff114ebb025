/**
 * Text from a file or a payload as Postgres can store it: `text` cannot hold a NUL character, so
 * one is written as the escape `\u0000` instead (a reason or a reject's value that quotes it must
 * not make its own insert fail).
 */
const NUL = '\u0000';

/** What a schema says of text holding a NUL character. */
export const NUL_MESSAGE = 'must not contain a NUL character';

export const hasNul = (text: string) => text.includes(NUL);

export const storableText = (text: string): string => (text.includes(NUL) ? text.replaceAll(NUL, '\\u0000') : text);
