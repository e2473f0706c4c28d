/** Tag length of every PDU MAC: HMAC-SHA-256 truncated to 128 bits (docs/protocol.md §4). */
export const MAC_LENGTH = 16;
