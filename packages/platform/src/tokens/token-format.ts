// Personal access tokens look like `unb_pat_<40 base62 characters><6-char
// CRC32>`: the fixed prefix lets secret scanners find leaked ones, and the
// checksum lets them (and us) reject a mistyped token without a database
// lookup. Only the SHA-256 of the whole token is stored.
import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

export const TOKEN_PREFIX = "unb_pat_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY = 40;
const CHECK = 6;

function base62(value: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++, value = Math.floor(value / 62)) out = ALPHABET[value % 62] + out;
  return out;
}

export function generateToken(): string {
  const bytes = randomBytes(BODY);
  const body = Array.from(bytes, (b) => ALPHABET[b % 62]).join("");
  return `${TOKEN_PREFIX}${body}${base62(crc32(body), CHECK)}`;
}

/** Whether the text has the shape and checksum of a token (not whether it is valid). */
export function isWellFormedToken(text: string): boolean {
  if (!text.startsWith(TOKEN_PREFIX) || text.length !== TOKEN_PREFIX.length + BODY + CHECK) return false;
  const body = text.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + BODY);
  return /^[0-9A-Za-z]+$/.test(body) && text.endsWith(base62(crc32(body), CHECK));
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** What lists show of a token. */
export const displayPrefix = (token: string) => token.slice(0, TOKEN_PREFIX.length + 4);
