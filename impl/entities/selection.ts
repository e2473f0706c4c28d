// 5.14.3: TPoS selection by the SPoS when the MN does not know the target (target = null).

//= spec/clause-5.14-proposed-text.txt#5.14.3-S3
//# the SPoS can make a determination about which target network may best be able to provide
//# connectivity and service to the MN
/** What a PoS knows about one surrounding network (5.14.3-S3: "information about each surrounding network"). */
export interface NeighbourInfo {
  readonly id: string;
  readonly rats: readonly string[];
}

//= spec/clause-5.14-proposed-text.txt#5.14.3-S5
//# it may be also important that the SPoS should have a security relationship with a candidate TPoS
//# in order to avoid interference from malicious nodes
//= spec/clause-5.14-proposed-text.txt#5.14.3-S6
//# This would typically mean that the operators are also roaming partners.
//= spec/clause-5.14-proposed-text.txt#5.14.3-S4
//# This also depends on the SPoS having access to location and configuration information about the
//# MN—for example which radio access technologies (RATs) are configured for operation on the MN.
/**
 * docs/protocol.md §5 step 2: the first of the SPoS's `neighbours` (its preference order) that
 * is in its `partners` (5.14.3-S5/S6: a security relationship with the candidate, i.e. a roaming
 * partner) and offers one of the MN's RATs (5.14.3-S4). null = no candidate (status NO_TARGET).
 * The SPoS itself is never a candidate: a handover needs a different network.
 */
export function selectTarget(
  spos: string,
  neighbours: readonly NeighbourInfo[],
  partners: readonly string[],
  mnRats: readonly string[],
): string | null {
  for (const n of neighbours) {
    if (n.id === spos) continue;
    //= spec/clause-5.14-proposed-text.txt#5.14.3-S5
    //# it may be also important that the SPoS should have a security relationship with a candidate
    //# TPoS in order to avoid interference from malicious nodes
    if (!partners.includes(n.id)) continue;
    //= spec/clause-5.14-proposed-text.txt#5.14.3-S4
    //# This also depends on the SPoS having access to location and configuration
    if (!n.rats.some((rat) => mnRats.includes(rat))) continue;
    //= spec/clause-5.14-proposed-text.txt#5.14.3-S3
    //# the SPoS can make a determination about which target network may best be able to provide
    //# connectivity and service to the MN
    // the network that may best serve the MN
    return n.id;
  }
  return null;
}
