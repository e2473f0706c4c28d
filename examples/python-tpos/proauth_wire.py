"""proauth wire format and key schedule in Python 3, standard library only.

A second, independent rendering of impl/wire/format.ts + codec.ts (A-TLV) and impl/crypto/
(A-KDF, A-K-BIND, A-MISK, the key wrap, the fingerprint) and impl/entities/sa.ts (per-SA key
separation), written from those tables so an implementer in another language can follow it.
"""
import hashlib
import hmac
import struct

# --- wire format (impl/wire/format.ts) -------------------------------------------------------
HEADER_LENGTH = 8
WIRE_VERSION = 1
MAX_PDU_LENGTH = 4096
NONCE_LENGTH = 32
MAC_LENGTH = 16
WRAPPED_K_LENGTH = 32 + 32
MIN_SUITE, MAX_SUITE = 1, 4

SID, OP_REQ, OP_RSP, OP_IND = 1, 1, 2, 3
MESSAGE_ID = {
    "MIS_Auth.request": (OP_REQ, 0x300),
    "MIS_Auth.response": (OP_RSP, 0x300),
    "MIS_Prereg_Xfer.request": (OP_REQ, 0x301),
    "MIS_Prereg_Xfer.response": (OP_RSP, 0x301),
    "MIS_N2N_Prereg_Xfer.request": (OP_REQ, 0x302),
    "MIS_N2N_Prereg_Xfer.response": (OP_RSP, 0x302),
    "MIS_HO_Complete.request": (OP_REQ, 0x303),
    "MIS_N2N_HO_Complete.indication": (OP_IND, 0x304),
}


def message_word(pdu_type):
    op, aid = MESSAGE_ID[pdu_type]
    return (SID << 12) | (op << 10) | aid


TYPE_BY_WORD = {message_word(t): t for t in MESSAGE_ID}

# field -> (TLV type, kind)
TLV = {
    "src": (1, "identity"), "dst": (2, "identity"), "mn": (3, "identity"), "status": (4, "status"),
    "reason": (5, "reason"), "method": (6, "method"), "nonceN": (7, "nonce"), "nonceP": (8, "nonce"),
    "nonceT": (9, "nonce"), "idType": (10, "idType"), "target": (11, "identity"), "tpos": (12, "identity"),
    "previous": (13, "identity"), "suites": (14, "suites"), "suite": (15, "suite"), "fallback": (16, "boolean"),
    "depth": (17, "depth"), "root": (18, "root"), "wrappedK": (19, "wrappedK"), "mac": (20, "mac"),
}
FIELD_BY_TYPE = {t: f for f, (t, _) in TLV.items()}

PDU_FIELDS = {
    "MIS_Auth.request": (["src", "dst", "mn", "method", "nonceN"], []),
    "MIS_Auth.response": (["src", "dst", "mn", "status", "nonceN", "nonceP", "idType"], []),
    "MIS_Prereg_Xfer.request": (["src", "dst", "mn", "nonceN", "suites", "fallback", "depth", "mac"], ["target"]),
    "MIS_N2N_Prereg_Xfer.request": (["src", "dst", "mn", "nonceN", "suites", "depth", "root", "wrappedK", "mac"], []),
    "MIS_N2N_Prereg_Xfer.response": (["src", "dst", "mn", "status", "reason", "nonceN", "mac"], ["nonceT", "suite"]),
    "MIS_Prereg_Xfer.response": (["src", "dst", "mn", "status", "reason", "nonceN", "mac"], ["tpos", "nonceT", "suite", "wrappedK"]),
    "MIS_HO_Complete.request": (["src", "dst", "mn", "previous", "mac"], []),
    "MIS_N2N_HO_Complete.indication": (["src", "dst", "mn", "mac"], []),
}

STATUS = {"SUCCESS": 0, "FULL_AUTH_REQUIRED": 1, "REJECTED": 2, "NO_TARGET": 3}
REASON = {"NONE": 0, "MN_REQUESTED": 1, "NO_TRUST": 2, "TLS_ROOT": 3, "NOT_EAP_ROOT": 4, "CHAIN_LIMIT": 5,
          "UNAUTHORIZED_SOURCE": 6, "REPLAY": 7, "TPOS_REQUESTED": 8, "NO_COMMON_SUITE": 9, "TARGET_REFUSED": 10}
METHOD = {"EAP": 1, "ERP": 2, "TLS": 3}
ROOT = {"EAP": 1, "ERP": 2, "TLS": 3, "GKB": 4}
ENUMS = {"status": STATUS, "reason": REASON, "method": METHOD, "root": ROOT}


class DecodeError(Exception):
    pass


def _value(field, kind, v):
    if kind == "identity":
        b = v.encode("utf-8")
        if not 1 <= len(b) <= 253:
            raise ValueError(field)
        return b
    if kind in ENUMS:
        return bytes([ENUMS[kind][v]])
    if kind in ("idType", "suite", "depth"):
        return bytes([v])
    if kind == "boolean":
        return b"\x01" if v else b"\x00"
    if kind == "suites":
        return bytes(v)
    return bytes(v)  # nonce, mac, wrappedK


def _build(pdu, with_mac):
    mandatory, optional = PDU_FIELDS[pdu["type"]]
    fields = sorted(mandatory + optional, key=lambda f: TLV[f][0])
    payload = b""
    for f in fields:
        if f == "mac" and not with_mac:
            continue
        v = pdu.get(f)
        if v is None:
            if f in mandatory:
                raise ValueError("missing " + f)
            continue
        t, kind = TLV[f]
        value = _value(f, kind, v)
        payload += struct.pack(">BH", t, len(value)) + value
    header = struct.pack(">BBHHH", WIRE_VERSION << 4, 0, message_word(pdu["type"]), pdu["tid"] & 0x0FFF, len(payload))
    return header + payload


def encode(pdu):
    return _build(pdu, True)


def mac_input(pdu):
    """The canonical encoding without the MAC TLV: what a PDU MAC covers."""
    return _build(pdu, False)


def decode(data):
    """Strict decoding: accepts exactly the canonical encodings (A-TLV), else DecodeError."""
    if len(data) < HEADER_LENGTH or len(data) > MAX_PDU_LENGTH:
        raise DecodeError("length")
    b0, b1, word, tidw, plen = struct.unpack(">BBHHH", data[:HEADER_LENGTH])
    if b0 != WIRE_VERSION << 4 or b1 != 0 or tidw >> 12 != 0:
        raise DecodeError("header")
    pdu_type = TYPE_BY_WORD.get(word)
    if pdu_type is None:
        raise DecodeError("unknown message")
    if HEADER_LENGTH + plen != len(data):
        raise DecodeError("payload length")
    mandatory, optional = PDU_FIELDS[pdu_type]
    pdu = {"type": pdu_type, "tid": tidw}
    pos, last = HEADER_LENGTH, 0
    while pos < len(data):
        if len(data) - pos < 3:
            raise DecodeError("truncated tlv")
        t, length = struct.unpack(">BH", data[pos:pos + 3])
        value = data[pos + 3:pos + 3 + length]
        if len(value) != length:
            raise DecodeError("truncated tlv")
        field = FIELD_BY_TYPE.get(t)
        if field is None or field not in mandatory + optional:
            raise DecodeError("tlv %d not allowed" % t)
        if t <= last:
            raise DecodeError("tlv order")
        last = t
        kind = TLV[field][1]
        if kind == "identity":
            try:
                v = value.decode("utf-8")
            except UnicodeDecodeError:
                raise DecodeError("utf8")
            if not 1 <= length <= 253:
                raise DecodeError("identity length")
        elif kind in ENUMS:
            inv = {c: k for k, c in ENUMS[kind].items()}
            if length != 1 or value[0] not in inv:
                raise DecodeError(field)
            v = inv[value[0]]
        elif kind in ("idType", "suite", "depth", "boolean"):
            if length != 1:
                raise DecodeError(field)
            v = value[0]
            if kind == "idType" and v > 3 or kind == "suite" and not MIN_SUITE <= v <= MAX_SUITE or kind == "boolean" and v > 1:
                raise DecodeError(field)
            if kind == "boolean":
                v = v == 1
        elif kind == "suites":
            if length > 255 or any(not MIN_SUITE <= s <= MAX_SUITE for s in value):
                raise DecodeError(field)
            v = list(value)
        else:
            need = {"nonce": NONCE_LENGTH, "mac": MAC_LENGTH, "wrappedK": WRAPPED_K_LENGTH}[kind]
            if length != need:
                raise DecodeError(field)
            v = bytes(value)
        pdu[field] = v
        pos += 3 + length
    for f in mandatory:
        if f not in pdu:
            raise DecodeError("missing " + f)
    for f in optional:
        pdu.setdefault(f, None)
    return pdu


# --- crypto (impl/crypto) --------------------------------------------------------------------
def hmac_sha256(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


def kdf(key, label, seed, length):
    """A-KDF: T1 = HMAC(key, label|0|seed|1), Tn = HMAC(key, Tn-1|label|0|seed|n)."""
    s = label.encode("utf-8") + b"\x00" + seed
    out, prev, n = b"", b"", 1
    while len(out) < length:
        prev = hmac_sha256(key, prev + s + bytes([n]))
        out += prev
        n += 1
    return out[:length]


def lp(s):
    """Identities in seeds are length-prefixed UTF-8 (2-byte big-endian length)."""
    b = s.encode("utf-8")
    return struct.pack(">H", len(b)) + b


def fingerprint(key):
    return hashlib.sha256(b"proauth-fp" + key).digest()[:8].hex()


def derive_optimized_misk(k, nonce_n, nonce_t, suite, mn, tpos):
    """A-MISK, 5.14.2-S9."""
    return kdf(k, "proauth 5.14.2 MISK", nonce_n + nonce_t + bytes([suite]) + lp(mn) + lp(tpos), 32)


def derive_full_misk(root_key, nonce_n, nonce_p, mn, pos):
    return kdf(root_key, "proauth full MISK", nonce_n + nonce_p + lp(mn) + lp(pos), 32)


def _stand_in(credential, label, mn, pos, nonce_n, nonce_p, length):
    return kdf(credential, label, lp(mn) + lp(pos) + nonce_n + nonce_p, length)


def full_root_key(method, credential, mn, pos, home, nonce_n, nonce_p):
    """The stand-in AAA of impl/entities/credentials.ts: MSK (EAP), rMSK (ERP), TLS exporter (TLS)."""
    if method == "EAP":
        return _stand_in(credential, "proauth stand-in EAP MSK", mn, pos, nonce_n, nonce_p, 64)
    if method == "TLS":
        return _stand_in(credential, "proauth stand-in TLS exporter", mn, pos, nonce_n, nonce_p, 32)
    zero = bytes(32)
    emsk = _stand_in(credential, "proauth stand-in EAP EMSK", mn, home, zero, zero, 64)
    rrk = kdf(emsk, "EAP Re-authentication Root Key@ietf.org", struct.pack(">H", 64), 64)
    return kdf(rrk, "proauth stand-in ERP rMSK", lp(mn) + lp(pos) + nonce_n + nonce_p, 64)


class SessionKey:
    """Key separation inside one SA (impl/entities/sa.ts): MAC key and K-wrap key from the MISK."""

    def __init__(self, misk):
        self._integrity = kdf(misk, "proauth PDU integrity", b"", 32)
        self._kek = kdf(misk, "proauth K wrap", b"", 32)
        self.fingerprint = fingerprint(misk)

    def sign(self, data):
        return hmac_sha256(self._integrity, data)[:MAC_LENGTH]

    def verify(self, data, tag):
        return hmac.compare_digest(self.sign(data), tag)

    def unwrap(self, wrapped, aad):
        """impl/crypto/wrap.ts: nonce(16) | ciphertext | tag(16), encrypt-then-MAC from HMAC-SHA-256."""
        if len(wrapped) <= 32:
            return None
        nonce, ct, tag = wrapped[:16], wrapped[16:-16], wrapped[-16:]
        enc = kdf(self._kek, "proauth wrap enc", b"", 32)
        mk = kdf(self._kek, "proauth wrap mac", b"", 32)
        expect = hmac_sha256(mk, struct.pack(">I", len(aad)) + aad + nonce + ct)[:16]
        if not hmac.compare_digest(expect, tag):
            return None
        stream = b"".join(hmac_sha256(enc, nonce + struct.pack(">I", i)) for i in range((len(ct) + 31) // 32))
        return bytes(a ^ b for a, b in zip(ct, stream))


def seal(pdu, key):
    """Encodes a MAC-carrying PDU with its MAC under `key`."""
    pdu = dict(pdu, mac=bytes(MAC_LENGTH))
    pdu["mac"] = key.sign(mac_input(pdu))
    return encode(pdu)


def verify_sealed(pdu, key):
    return key.verify(mac_input(pdu), pdu["mac"])


def wrapped_k_context(pdu_type, src, dst, mn, tpos, nonce_n):
    return lp(pdu_type) + lp(src) + lp(dst) + lp(mn) + lp(tpos) + nonce_n
