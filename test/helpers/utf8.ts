// Test helper: bytes a UTF-8 reader must take apart exactly, shared by the tests that hold byte paths to TextDecoder.

/** Characters of two, three and four bytes, a no-break space and a byte-order mark. */
export const MULTI_BYTE_CHARACTERS: readonly string[] = ['é', 'ü', '€', '’', '日本', '😀', '\u00a0', '\ufeff'];

/**
 * Bytes no valid UTF-8 has in that place: lone continuation bytes, cut-off sequences, an overlong form, a
 * surrogate, a value above U+10FFFF, and bytes that never occur.
 */
export const INVALID_UTF8: readonly Uint8Array[] = [
  Uint8Array.of(0x80),
  Uint8Array.of(0xbf, 0x80),
  Uint8Array.of(0xc3),
  Uint8Array.of(0xe2, 0x82),
  Uint8Array.of(0xf0, 0x9f, 0x98),
  Uint8Array.of(0xc0, 0xaf),
  Uint8Array.of(0xed, 0xa0, 0x80),
  Uint8Array.of(0xf4, 0x90, 0x80, 0x80),
  Uint8Array.of(0xff),
  Uint8Array.of(0xfe),
];
