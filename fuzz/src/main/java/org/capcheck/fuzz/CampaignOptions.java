package org.capcheck.fuzz;

import java.nio.file.Path;
import java.util.List;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Mutant;
import org.capcheck.core.UntypedRegion;
import org.capcheck.fuzz.gen.Weights;

/**
 * Everything that determines a campaign: with the same options (and {@link #maxOps} rather than a
 * time limit) two campaigns make the same invocations and report the same findings.
 *
 * @param target     the target's name ({@link Targets})
 * @param seed       the seed of every random choice
 * @param maxOps     the most invocations, or -1 for no limit
 * @param seconds    the most seconds, or -1 for no limit
 * @param checkEvery the invariants are checked after every k-th step (1: every step)
 * @param refineEvery refinement against the specification is checked on every r-th step (a multiple of
 *                   checkEvery; 0: never)
 * @param runLength  steps from one boot before the next
 * @param mutant     the seeded bug to boot with ({@link Mutant#NONE}: a correct kernel)
 * @param weights    how often each operation is drawn
 * @param config     the system booted for each run
 * @param outDir     where reproducers go
 */
public record CampaignOptions(String target, long seed, long maxOps, double seconds, int checkEvery, int refineEvery, int runLength,
                              Mutant mutant, Weights weights, BootConfig config, Path outDir) {

    /**
     * The system campaigns boot: a root CNode of 64 slots, a 64 KiB untyped and a 4 KiB device
     * untyped, IRQs 0..7. Its slot and object capacity (2^13 slots, 4,608 objects) is far below
     * cap-core's default, so a boot is cheap (a boot at 2^14 slots cost 50-80 us, most of a
     * 100-step run), yet out of reach with 68 KiB of untyped memory (at most 2,048 CNode slots
     * plus the root's 64 and the TCBs', and 4,352 objects; the buddy pool has 4 blocks of 2,048
     * slots), so a captrace reproducer (whose header boots the default capacity) behaves the same.
     */
    public static final BootConfig CONFIG = BootConfig.defaults().withRootCNodeBits(6)
            .withUntyped(List.of(new UntypedRegion(0x100000, 16, false), new UntypedRegion(0x200000, 12, true)))
            .withMaxIrq(7).withCapacity(13, 4608);

    public CampaignOptions {
        if (checkEvery < 1) {
            throw new IllegalArgumentException("check-every must be at least 1, not " + checkEvery);
        }
        if (refineEvery < 0 || (refineEvery > 0 && refineEvery % checkEvery != 0)) {
            throw new IllegalArgumentException("refine-every must be 0 or a multiple of check-every (" + checkEvery
                    + "), not " + refineEvery);
        }
        if (runLength < 1) {
            throw new IllegalArgumentException("run length must be at least 1, not " + runLength);
        }
    }

    public static CampaignOptions defaults(String target) {
        return new CampaignOptions(target, 1, 100_000, -1, 1, 1, 100, Mutant.NONE, Weights.defaults(), CONFIG,
                Path.of("fuzz-out"));
    }

    public CampaignOptions withSeed(long s) {
        return new CampaignOptions(target, s, maxOps, seconds, checkEvery, refineEvery, runLength,
                mutant, weights, config, outDir);
    }

    public CampaignOptions withOps(long n) {
        return new CampaignOptions(target, seed, n, seconds, checkEvery, refineEvery, runLength,
                mutant, weights, config, outDir);
    }

    public CampaignOptions withSeconds(double s) {
        return new CampaignOptions(target, seed, maxOps, s, checkEvery, refineEvery, runLength,
                mutant, weights, config, outDir);
    }

    public CampaignOptions withCheckEvery(int k) {
        return new CampaignOptions(target, seed, maxOps, seconds, k, k, runLength,
                mutant, weights, config, outDir);
    }

    /** Checks the invariants every k-th step and refinement every r-th (a multiple of k, or 0 for never). */
    public CampaignOptions withChecks(int k, int r) {
        return new CampaignOptions(target, seed, maxOps, seconds, k, r, runLength,
                mutant, weights, config, outDir);
    }

    public CampaignOptions withRunLength(int n) {
        return new CampaignOptions(target, seed, maxOps, seconds, checkEvery, refineEvery, n, mutant, weights, config, outDir);
    }

    public CampaignOptions withMutant(Mutant m) {
        return new CampaignOptions(target, seed, maxOps, seconds, checkEvery, refineEvery, runLength,
                m, weights, config, outDir);
    }

    public CampaignOptions withWeights(Weights w) {
        return new CampaignOptions(target, seed, maxOps, seconds, checkEvery, refineEvery, runLength,
                mutant, w, config, outDir);
    }

    public CampaignOptions withOutDir(Path d) {
        return new CampaignOptions(target, seed, maxOps, seconds, checkEvery, refineEvery, runLength,
                mutant, weights, config, d);
    }
}
