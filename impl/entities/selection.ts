// 5.14.3: TPoS selection by the SPoS when the MN does not know the target (target = null).

/** What a PoS knows about one surrounding network (5.14.3-S3: "information about each surrounding network"). */
export interface NeighbourInfo {
  readonly id: string;
  readonly rats: readonly string[];
}

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
    if (!partners.includes(n.id)) continue; // 5.14.3-S5
    if (!n.rats.some((rat) => mnRats.includes(rat))) continue; // 5.14.3-S4
    return n.id; // 5.14.3-S3: the network that may best serve the MN
  }
  return null;
}
