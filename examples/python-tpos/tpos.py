#!/usr/bin/env python3
"""A TPoS for proauth, in Python 3 with the standard library only.

It implements the TPoS role of IEEE P802.21.1 Clause 5.14 as profiled in docs/protocol.md and
speaks the proauth SUT protocol version 1 (docs/sut-protocol.md) on stdin/stdout: the tester
sends encoded PDUs and control primitives, this process answers with the PDUs it emits and,
when asked, its SAs (fingerprints only). Everything on the wire is the real format
(proauth_wire.py: the TLV codec, the KDF, the MACs and the key unwrap).

    proauth check --sut-cmd "python3 examples/python-tpos/tpos.py" --pics examples/python-tpos/pics.json

`--bug unauthorized-source` makes it accept MIS_N2N_Prereg_Xfer requests from any PoS it has
an MIS SA with, ignoring its roaming partners (violates 5.14.1-S6); `--bug chain-limit` makes
it ignore the chain limit (5.14.2-N4c). See tpos_buggy.py.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import proauth_wire as w  # noqa: E402

PROTOCOL, VERSION = "proauth-sut", 1
ID_TYPE = {"TLS": 0, "EAP": 1, "ERP": 1}  # 5.14-T1


class Discard(Exception):
    """The PDU is discarded without effect; `cause` names the check of docs/protocol.md §5.2 that failed first."""

    def __init__(self, cause):
        super().__init__(cause)
        self.cause = cause


class Sa:
    def __init__(self, peer, id_type, root, depth, state, suite, misk):
        # suite: the c an optimized SA was made with (5.14.2-S8); None after a full establishment
        self.peer, self.id_type, self.root, self.depth, self.state, self.suite = peer, id_type, root, depth, state, suite
        self.key = w.SessionKey(misk)

    def view(self):
        return {"peer": self.peer, "idType": self.id_type, "root": self.root, "depth": self.depth,
                "state": self.state, "suite": self.suite, "key": self.key.fingerprint}


class Tpos:
    """One PoS playing the TPoS role (plus full establishment, which every PoS performs)."""

    def __init__(self, pos_id, world, provisioning, seed, bugs):
        me = next(d for d in world["domains"] if d["id"] == pos_id)
        self.id = pos_id
        self.partners = list(me["partners"])
        self.suites = list(me["suites"])
        self.requests_fallback = bool(me["requestsFallback"])
        self.chain_limit = world["chainLimit"]
        self.home = {m["id"]: m["home"] for m in world["mns"]}
        self.credentials = {c["mn"]: bytes.fromhex(c["key"]) for c in provisioning["credentials"]}
        self.mis = {}
        for pair in provisioning["misSas"]:
            if self.id in (pair["a"], pair["b"]):
                peer = pair["b"] if pair["a"] == self.id else pair["a"]
                self.mis[peer] = w.SessionKey(bytes.fromhex(pair["key"]))
        self.sas = {}
        self.seen_mn = set()   # (mn, nonceN) of MIS_Auth requests already processed
        self.seen_n2n = set()  # A-REPLAY: (spos, nonceN) of N2N requests already processed
        self.bugs = bugs
        # Deterministic nonces from the run seed (the tester compares nonces only as equalities).
        self._drbg_key = w.hmac_sha256(b"tpos.py drbg", ("%s|%d" % (pos_id, seed)).encode())
        self._counter = 0

    def random(self, n):
        out = b""
        while len(out) < n:
            out += w.hmac_sha256(self._drbg_key, self._counter.to_bytes(8, "big"))
            self._counter += 1
        return out[:n]

    def receive(self, data, link):
        try:
            pdu = w.decode(data)
        except w.DecodeError:
            raise Discard("malformed")  # strict decoding (A-TLV): malformed PDUs are discarded without effect
        if pdu["dst"] != self.id:
            raise Discard("misaddressed")
        handler = {
            "MIS_Auth.request": self.on_auth_request,
            "MIS_N2N_Prereg_Xfer.request": self.on_n2n_prereg_request,
            "MIS_HO_Complete.request": self.on_ho_complete,
            "MIS_N2N_HO_Complete.indication": self.on_n2n_ho_complete,
        }.get(pdu["type"])
        if handler is None:
            raise Discard("unexpected-pdu")
        return handler(pdu, link)

    # Full establishment: initial attachment (access link) or fallback for a handover (core).
    def on_auth_request(self, pdu, link):
        mn = pdu["mn"]
        if pdu["src"] != mn:
            raise Discard("misaddressed")
        if (mn, pdu["nonceN"]) in self.seen_mn:
            raise Discard("duplicate")
        if mn not in self.credentials:
            raise Discard("unknown-mn")
        self.seen_mn.add((mn, pdu["nonceN"]))
        nonce_p = self.random(32)
        root_key = w.full_root_key(pdu["method"], self.credentials[mn], mn, self.id, self.home[mn], pdu["nonceN"], nonce_p)
        misk = w.derive_full_misk(root_key, pdu["nonceN"], nonce_p, mn, self.id)
        id_type = ID_TYPE[pdu["method"]]
        self.sas[mn] = Sa(mn, id_type, pdu["method"], 0, "serving" if link == "access" else "prepared", None, misk)
        out = {"type": "MIS_Auth.response", "src": self.id, "dst": mn, "mn": mn, "tid": pdu["tid"], "status": "SUCCESS",
               "nonceN": pdu["nonceN"], "nonceP": nonce_p, "idType": id_type}
        return [(mn, w.encode(out))]

    # TPoS: docs/protocol.md §5 step 4.
    def on_n2n_prereg_request(self, pdu, _link):
        spos = pdu["src"]
        mis = self.mis.get(spos)
        if mis is None:
            raise Discard("no-mis-sa")
        if not w.verify_sealed(pdu, mis):
            raise Discard("bad-mac")
        ctx = w.wrapped_k_context(pdu["type"], spos, self.id, pdu["mn"], self.id, pdu["nonceN"])
        k = mis.unwrap(pdu["wrappedK"], ctx)  # 5.14.2-S6: K arrives protected by the MIS SA
        if k is None:
            raise Discard("bad-wrapped-key")

        def respond(status, reason, nonce_t=None, suite=None):
            out = {"type": "MIS_N2N_Prereg_Xfer.response", "src": self.id, "dst": spos, "mn": pdu["mn"], "tid": pdu["tid"],
                   "status": status, "reason": reason, "nonceN": pdu["nonceN"], "nonceT": nonce_t, "suite": suite}
            return [(spos, w.seal(out, mis))]

        authorized = spos in self.partners or "unauthorized-source" in self.bugs
        if not authorized:
            return respond("REJECTED", "UNAUTHORIZED_SOURCE")  # 5.14.1-S6
        replayed = (spos, pdu["nonceN"]) in self.seen_n2n
        self.seen_n2n.add((spos, pdu["nonceN"]))
        if replayed:
            return respond("REJECTED", "REPLAY")  # A-REPLAY
        if self.requests_fallback:
            return respond("FULL_AUTH_REQUIRED", "TPOS_REQUESTED")  # 5.14.2-N1c
        if pdu["depth"] > self.chain_limit and "chain-limit" not in self.bugs:
            return respond("FULL_AUTH_REQUIRED", "CHAIN_LIMIT")  # 5.14.2-N4c
        suite = next((s for s in pdu["suites"] if s in self.suites), None)  # 5.14.2-S8
        if suite is None:
            return respond("FULL_AUTH_REQUIRED", "NO_COMMON_SUITE")
        nonce_t = self.random(32)  # 5.14.2-S7
        misk = w.derive_optimized_misk(k, pdu["nonceN"], nonce_t, suite, pdu["mn"], self.id)  # 5.14.2-S9
        self.sas[pdu["mn"]] = Sa(pdu["mn"], 3, pdu["root"], pdu["depth"], "prepared", suite, misk)  # 5.14-T1: SPoS-generated
        return respond("SUCCESS", "NONE", nonce_t, suite)

    # The MN arrived: this TPoS becomes its serving PoS (5.14.1-S19) and tells the old SPoS.
    def on_ho_complete(self, pdu, _link):
        mn = pdu["mn"]
        sa = self.sas.get(mn)
        if pdu["src"] != mn:
            raise Discard("misaddressed")
        if sa is None:
            raise Discard("no-sa")
        if not w.verify_sealed(pdu, sa.key):
            raise Discard("bad-mac")
        if sa.state != "prepared":
            raise Discard("wrong-state")
        if pdu["previous"] == self.id:
            raise Discard("bad-field")
        sa.state = "serving"
        mis = self.mis.get(pdu["previous"])
        if mis is None:
            return []
        tid = int.from_bytes(self.random(2), "big") & 0x0FFF
        out = {"type": "MIS_N2N_HO_Complete.indication", "src": self.id, "dst": pdu["previous"], "mn": mn, "tid": tid}
        return [(pdu["previous"], w.seal(out, mis))]

    def on_n2n_ho_complete(self, pdu, _link):
        mis = self.mis.get(pdu["src"])
        sa = self.sas.get(pdu["mn"])
        if mis is None:
            raise Discard("no-mis-sa")
        if not w.verify_sealed(pdu, mis):
            raise Discard("bad-mac")
        if sa is None:
            raise Discard("no-sa")
        if sa.state != "serving":
            raise Discard("wrong-state")
        del self.sas[pdu["mn"]]
        return []


def main():
    bugs = set()
    args = sys.argv[1:]
    while args:
        if args[0] == "--bug" and len(args) > 1:
            bugs.add(args[1])
            args = args[2:]
        else:
            sys.stderr.write("usage: tpos.py [--bug unauthorized-source|chain-limit]\n")
            return 2
    poss = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        rid, kind = req["id"], req["type"]
        if kind == "hello":
            ans = {"type": "hello", "protocol": PROTOCOL, "version": VERSION, "roles": ["TPoS"], "encoding": "hex", "discards": True,
                   "implementation": "tpos.py 0.1" + ("".join(" bug:" + b for b in sorted(bugs)))}
        elif kind == "configure":
            poss = {p: Tpos(p, req["world"], req["provisioning"], req["seed"], bugs) for p in req["hosts"]["poss"]}
            ans = {"type": "ok"}
        elif kind == "pdu":
            data = bytes.fromhex(req["hex"])
            pos = poss.get(req["to"])
            try:
                out = pos.receive(data, req.get("link", "core")) if pos else []
                ans = {"type": "out", "pdus": [{"to": to, "hex": b.hex()} for to, b in out]}
            except Discard as d:  # docs/sut-protocol.md: hello.discards, so say why
                ans = {"type": "out", "pdus": [], "discarded": d.cause}
        elif kind == "setFallbackPolicy":
            poss[req["domain"]].requests_fallback = req["on"]  # 5.14.2-N1c: the TPoS's own policy
            ans = {"type": "out", "pdus": []}
        elif kind == "report":
            ans = {"type": "report", "mns": [], "poss": [{"id": p.id, "sas": [sa.view() for _, sa in sorted(p.sas.items())]} for p in poss.values()]}
        elif kind == "bye":
            sys.stdout.write(json.dumps({"id": rid, "type": "ok"}) + "\n")
            sys.stdout.flush()
            return 0
        else:
            ans = {"type": "error", "message": "a TPoS-only SUT does not handle " + kind}
        ans["id"] = rid
        sys.stdout.write(json.dumps(ans) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
