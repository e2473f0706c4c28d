// model/adversary/attacked-world.ts keys its worlds with canonicalSnapshot from here. The machines' memo
// is no part of the model any more; this name stays until that import moves to canonicalJson.
export { canonicalJson as canonicalSnapshot } from '../world/canonical.ts';
