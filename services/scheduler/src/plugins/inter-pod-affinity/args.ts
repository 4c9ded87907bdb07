// InterPodAffinityArgs (ValidateInterPodAffinityArgs): how much an existing pod's required
// affinity to the incoming pod counts in scoring, and whether existing pods' preferences count.
import { invalid } from '@kubeling/api/validation/field-errors';
import { ARGS_TYPE_META } from '../../framework/config/decode.js';
import type { ArgsCodec } from '../../framework/registry.js';

export interface InterPodAffinityArgs {
  readonly hardPodAffinityWeight: number;
  readonly ignorePreferredTermsOfExistingPods: boolean;
}

export const interPodAffinityArgs: ArgsCodec<InterPodAffinityArgs> = {
  defaults: () => ({ hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false }),
  decode(raw, path, decoder) {
    const args = decoder.object(raw, path, [...ARGS_TYPE_META, 'hardPodAffinityWeight', 'ignorePreferredTermsOfExistingPods']) ?? {};
    const weightPath = path.child('hardPodAffinityWeight');
    const hardPodAffinityWeight = decoder.integer(args.hardPodAffinityWeight, weightPath) ?? 1;
    if (hardPodAffinityWeight < 0 || hardPodAffinityWeight > 100) decoder.fieldError(invalid(weightPath, hardPodAffinityWeight, 'not in valid range [0-100]'));
    const ignorePreferredTermsOfExistingPods = decoder.boolean(args.ignorePreferredTermsOfExistingPods, path.child('ignorePreferredTermsOfExistingPods')) ?? false;
    return { hardPodAffinityWeight, ignorePreferredTermsOfExistingPods };
  },
};
