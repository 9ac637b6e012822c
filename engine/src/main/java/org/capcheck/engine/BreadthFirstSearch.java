package org.capcheck.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Breadth-first search, one level at a time: all states at depth d are expanded before any at d + 1, so
 * the first violation found is at the smallest depth, and its trace is a shortest one. Workers take blocks
 * of the current level from a shared cursor and append new states to their own blocks; the levels are
 * joined between rounds. Traces are rebuilt afterwards ({@link TraceFinder}), so the visited set holds
 * fingerprints only.
 */
final class BreadthFirstSearch<S, A> {
    private static final int BLOCK = 1024;
    /** Packed states expanded together, their look-ups' cache misses overlapped (see {@code expandPacked}). */
    static final int PACKED_BATCH = 16;
    /** Slots of a worker's cache of fingerprints looked up lately, less one: 256 KiB. */
    private static final int RECENT_MASK = (1 << 15) - 1;

    /**
     * A run of states of one level: up to {@value #BLOCK} state objects, or (for a model that decodes) a
     * block of encodings in the {@link Frontier}.
     */
    private static final class Block {
        final Object[] states;
        final Frontier.Block encoded;
        int size;

        Block(Frontier.Block encoded) {
            this.states = encoded == null ? new Object[BLOCK] : null;
            this.encoded = encoded;
        }

        int size() {
            return encoded == null ? size : encoded.states;
        }
    }

    private final Exploration<S, A> run;
    private final boolean decodes;
    private final Frontier frontier;

    BreadthFirstSearch(Exploration<S, A> run) {
        this.run = run;
        this.decodes = run.model.decodes();
        this.frontier = decodes ? new Frontier(run.settings.frontierMemory, run.settings.spillDirectory,
                run.visited::bytes) : null;
        run.frontier = frontier;
    }

    void search() {
        try {
            explore();
        } finally {
            if (frontier != null) {
                frontier.close();
            }
        }
    }

    private void explore() {
        Model<S, A> model = run.model;
        List<Block> level = new ArrayList<>();
        StateEncoder<S> encoder = new StateEncoder<>(model);
        for (S initial : model.initialStates()) {
            run.generated.incrementAndGet();
            S state = model.canonical(initial);
            if (run.visited.add(encoder.encode(state))) {
                if (!run.admit(state, 0)) {
                    return;
                }
                append(level, state, encoder);
            }
        }
        int workerCount = run.settings.workers;
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < workerCount; i++) {
            workers.add(new Worker());
        }
        ExecutorService pool = workerCount == 1 ? null : Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(r, "capcheck-bfs");
            t.setDaemon(true);
            return t;
        });
        try {
            int depth = 0;
            while (!level.isEmpty() && !run.stopped()) {
                run.depth = depth;
                Block[] blocks = level.toArray(new Block[0]);
                level = null; // the blocks array is now the only reference, and workers drop blocks as they go
                if (frontier != null) {
                    for (Block b : blocks) {
                        frontier.seal(b.encoded);
                    }
                    frontier.nextLevel();
                }
                long levelStates = countStates(blocks);
                run.queued.set(levelStates);
                run.levelReached(levelStates);
                AtomicInteger cursor = new AtomicInteger();
                boolean atBound = depth >= run.settings.maxDepth;
                for (Worker w : workers) {
                    w.startLevel(blocks, cursor, depth, atBound);
                }
                runLevel(workers, pool);
                if (atBound || run.stopped()) {
                    break;
                }
                level = new ArrayList<>();
                for (Worker w : workers) {
                    level.addAll(w.output);
                    w.output = new ArrayList<>();
                }
                depth++;
            }
        } finally {
            for (Worker w : workers) {
                w.output = null;
            }
            run.queued.set(0);
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private void runLevel(List<Worker> workers, ExecutorService pool) {
        if (pool == null) {
            workers.get(0).call();
            return;
        }
        List<Future<Void>> futures = new ArrayList<>();
        for (Worker w : workers) {
            futures.add(pool.submit(w));
        }
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                run.stop(Exploration.INTERRUPTED);
            } catch (ExecutionException e) {
                run.stop(Exploration.INTERRUPTED);
                if (e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause();
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static long countStates(Block[] blocks) {
        long n = 0;
        for (Block b : blocks) {
            n += b.size();
        }
        return n;
    }

    /** Appends a new state: its object, or for a model that decodes the words {@code encoder} holds for it. */
    private void append(List<Block> blocks, Object state, StateEncoder<S> encoder) {
        append(blocks, state, encoder.words(), 0, encoder.length());
    }

    /** Appends a new state: its object, or for a model that decodes its encoding {@code words[from .. from + length)}. */
    private void append(List<Block> blocks, Object state, long[] words, int from, int length) {
        Block last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
        if (!decodes) {
            if (last == null || last.size == BLOCK) {
                last = new Block(null);
                blocks.add(last);
            }
            last.states[last.size++] = state;
            return;
        }
        if (last == null || !Frontier.append(last.encoded, words, from, length)) {
            if (last != null) {
                frontier.seal(last.encoded);
            }
            last = new Block(frontier.newBlock(length, last == null ? null : last.encoded));
            blocks.add(last);
            Frontier.append(last.encoded, words, from, length);
        }
    }

    /** One thread's share of a level; owns its encoder, action list and output blocks. */
    private final class Worker implements java.util.concurrent.Callable<Void> {
        private final StateEncoder<S> encoder = new StateEncoder<>(run.model);
        private final List<A> actions = new ArrayList<>();
        private final boolean exact = !run.visited.approximate();
        /** The fingerprint table when the visited set is one; null in exact mode. */
        private final FingerprintSet fingerprints = run.visited.fingerprints();
        private final Successors<S> successors = new Successors<>();
        /** The model's packed capability when the run uses it ({@link Exploration#packed}), else null. */
        private final PackedModel<S, A> packed = run.packed;
        private final int packedWords = packed == null ? 0 : packed.packedWords();
        /** Words of {@link #packedOut} per state of a batch: room for its most successors. */
        private final int packedStride = packed == null ? 0 : Math.max(1, packed.maxSuccessors()) * packedWords;
        /** A batch's successors: the b-th state's from {@code b * packedStride}, {@link #packedWords} words each. */
        private final long[] packedOut = packed == null ? null : new long[PACKED_BATCH * packedStride];
        /** Per state of a batch: where its words are in the block, its successor count (-1: threw), and the gathered count after it. */
        private final int[] packedState = new int[PACKED_BATCH];
        private final int[] packedCount = new int[PACKED_BATCH];
        private final int[] packedGathered = new int[PACKED_BATCH];
        /** Of {@link #packedOut}: the successors to look up, their fingerprints and where each one's words start. */
        private final long[] packedPrints = packed == null ? null
                : new long[PACKED_BATCH * Math.max(1, packed.maxSuccessors())];
        private final int[] packedFrom = packed == null ? null : new int[PACKED_BATCH * Math.max(1, packed.maxSuccessors())];
        /**
         * The fingerprints this worker looked up lately, each at the slot its low bits give (a direct-mapped
         * cache that fits the processor's second-level cache): every one is in the visited set, which never
         * loses an entry, so a successor found here needs no look-up. Breadth-first search meets most
         * duplicates soon after their first sight: when actions a and b commute, s.a.b is generated while
         * expanding s.a and again while expanding s.b, its sibling a few places further on in the queue.
         */
        private final long[] recent = packed == null ? null : new long[RECENT_MASK + 1];
        /** Keeps {@link FingerprintSet#prefetch}'s reads from being optimised away. */
        long prefetched;
        List<Block> output = new ArrayList<>();
        private int outputStates;
        private long[] readBuffer;
        private Block[] blocks;
        private AtomicInteger cursor;
        private int depth;
        private boolean atBound;

        void startLevel(Block[] blocks, AtomicInteger cursor, int depth, boolean atBound) {
            this.blocks = blocks;
            this.cursor = cursor;
            this.depth = depth;
            this.atBound = atBound;
        }

        @Override
        public Void call() {
            try {
                int i;
                while (!run.stopped() && (i = cursor.getAndIncrement()) < blocks.length) {
                    Block block = blocks[i];
                    blocks[i] = null;
                    int before = outputStates;
                    long generated = block.encoded == null ? expandObjects(block)
                            : packed != null && block.encoded.entryLength == packedWords ? expandPacked(block.encoded)
                            : expandEncoded(block.encoded);
                    run.generated.addAndGet(generated);
                    run.queued.addAndGet(outputStates - before - block.size());
                    run.checkBounds();
                }
            } catch (OutOfMemoryError e) {
                output = new ArrayList<>(); // free this worker's part of the next level first
                blocks = null;
                run.stop(Exploration.OUT_OF_MEMORY);
            } finally {
                blocks = null;
            }
            return null;
        }

        private long expandObjects(Block block) {
            long generated = 0;
            for (int k = 0; k < block.size && !run.stopped(); k++) {
                @SuppressWarnings("unchecked")
                S state = (S) block.states[k];
                long fp = encoder.encode(state).fingerprint();
                generated += expand(state, fp, exact ? encoder.copyWords() : null);
                if (run.settings.maxStates != Long.MAX_VALUE) {
                    run.checkBounds();
                }
            }
            return generated;
        }

        private long expandEncoded(Frontier.Block block) {
            long[] words = frontier.open(block, readBuffer);
            if (words != block.words) {
                readBuffer = words;
            }
            long generated = 0;
            int fixed = block.entryLength;
            for (int at = 0, end = block.used; at < end && !run.stopped(); ) {
                int length = fixed > 0 ? fixed : (int) words[at];
                int from = fixed > 0 ? at : at + 1;
                S state = run.model.decode(words, from, length);
                long fp = encoder.fingerprintOf(state, words, from, length);
                long[] own = exact ? Arrays.copyOfRange(words, from, from + length) : null;
                at = from + length;
                generated += expand(state, fp, own);
                if (run.settings.maxStates != Long.MAX_VALUE) {
                    run.checkBounds();
                }
            }
            frontier.release(block);
            return generated;
        }

        /**
         * Expands a block of packed states: words in, words out, no object per state or transition. States
         * are taken {@value #PACKED_BATCH} at a time: all their successors are stepped and fingerprinted,
         * then all the new ones' home slots read together ({@link FingerprintSet#prefetch}), so that the
         * processor has a few dozen cache misses in flight instead of one state's handful; then each state
         * is finished in order, as {@link #expand} would: its successors looked up, admitted and queued,
         * its generated count added, its deadlock checked. What is reported, and in which order, is the
         * same as one state at a time.
         */
        private long expandPacked(Frontier.Block block) {
            long[] words = frontier.open(block, readBuffer);
            if (words != block.words) {
                readBuffer = words;
            }
            long generated = 0;
            int w = packedWords;
            states:
            for (int at = 0, end = block.used; at < end && !run.stopped(); ) {
                int batch = 0;
                int gathered = 0;
                for (; batch < PACKED_BATCH && at < end; batch++, at += w) {
                    packedState[batch] = at;
                    gathered = gather(words, at, batch, gathered);
                    packedGathered[batch] = gathered;
                }
                prefetched += fingerprints.prefetch(packedPrints, gathered);
                for (int b = 0, first = 0; b < batch; first = packedGathered[b++]) {
                    if (b > 0 && run.stopped()) {
                        break states;
                    }
                    int n = packedCount[b];
                    if (n < 0) {
                        // The object path takes the same steps through the model's guard, which reports the
                        // one that throws as the violation of "no step throws", with its action.
                        int from = packedState[b];
                        generated += expand(run.model.decode(words, from, w), StateEncoder.fingerprint(words, from, w), null);
                    } else {
                        generated += n;
                        if (first < packedGathered[b] && !visitPacked(first, packedGathered[b])) {
                            break states;
                        }
                        if (n == 0 && run.model.checksDeadlock()) {
                            run.found(Exploration.DEADLOCK_FREE, run.model.decode(words, packedState[b], w), depth, null);
                        }
                    }
                    if (run.settings.maxStates != Long.MAX_VALUE) {
                        run.checkBounds();
                    }
                }
            }
            frontier.release(block);
            return generated;
        }

        /**
         * Steps the packed state {@code words[from .. from + packedWords)}, the {@code b}-th of a batch: its
         * successors go to {@link #packedOut} and their count to {@link #packedCount} (-1 when the model
         * threw), and those that are not the state itself are gathered for look-up after the
         * {@code gathered} before them. Returns how many are gathered now.
         */
        private int gather(long[] words, int from, int b, int gathered) {
            int w = packedWords;
            long[] out = packedOut;
            int to = b * packedStride;
            int n;
            try {
                n = packed.successors(words, from, out, to);
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                packedCount[b] = -1;
                return gathered;
            }
            packedCount[b] = n;
            long own = StateEncoder.fingerprint(words, from, w);
            for (int k = 0, at = to; k < n; k++, at += w) {
                if (Arrays.equals(out, at, at + w, words, from, from + w)) {
                    continue; // a self-loop: the state is in the set already
                }
                long fp = StateEncoder.fingerprint(out, at, w);
                if (fp == own) {
                    continue; // as on the object path: the state's own fingerprint is in the set
                }
                if (recent[(int) fp & RECENT_MASK] == fp && fp != 0) {
                    continue; // looked up lately, so in the set
                }
                packedPrints[gathered] = fp;
                packedFrom[gathered++] = at;
            }
            return gathered;
        }

        /** {@link #visitSuccessors} for gathered packed successors {@code [first, end)}; false when the search must stop. */
        private boolean visitPacked(int first, int end) {
            for (int k = first; k < end; k++) {
                long fp = packedPrints[k];
                if (atBound) {
                    if (!fingerprints.contains(fp)) {
                        run.stop(Exploration.MAX_DEPTH); // a new state lies beyond the depth bound
                        return false;
                    }
                    recent[(int) fp & RECENT_MASK] = fp;
                    continue;
                }
                boolean added = fingerprints.add(fp);
                recent[(int) fp & RECENT_MASK] = fp;
                if (added) {
                    if (!run.admit(packedOut, packedFrom[k], depth + 1)) {
                        return false;
                    }
                    append(output, null, packedOut, packedFrom[k], packedWords);
                    outputStates++;
                }
            }
            return true;
        }

        /**
         * Expands one state, whose fingerprint is {@code ownFingerprint} (and encoding {@code ownWords} in
         * exact mode); returns the number of successors generated. With the fingerprint set, the new
         * successors are first all stepped and encoded, then looked up together ({@link Successors}).
         */
        private long expand(S state, long ownFingerprint, long[] ownWords) {
            Model<S, A> model = run.model;
            actions.clear();
            model.actions(state, actions);
            long generated = 0;
            successors.clear();
            for (int i = 0, n = actions.size(); i < n; i++) {
                S next = model.next(state, actions.get(i));
                if (next == null) {
                    continue;
                }
                generated++;
                if (run.checks.watchesSteps()) {
                    run.checks.observeStep(state, actions.get(i), next, depth, null);
                }
                if (next == state) {
                    continue; // the model says the step changed nothing: no encoding, no look-up
                }
                next = model.canonical(next);
                if (fingerprints != null && encoder.modelPrints()) {
                    // The model's own fingerprint: the successor is encoded only if it turns out to be new.
                    long fp = encoder.fingerprintOf(next);
                    if (fp != ownFingerprint) {
                        successors.add(next, fp, encoder, false);
                    }
                    continue;
                }
                long fp = encoder.encode(next).fingerprint();
                // A step back to the state itself needs no look-up: the state is in the set already.
                if (fp == ownFingerprint && (!exact || encoder.sameWords(ownWords))) {
                    continue;
                }
                if (fingerprints != null) {
                    successors.add(next, fp, encoder, decodes);
                } else if (!visit(next, encoder)) {
                    return generated;
                }
            }
            if (successors.count > 0 && !visitSuccessors()) {
                return generated;
            }
            if (generated == 0 && model.checksDeadlock()) {
                run.found(Exploration.DEADLOCK_FREE, state, depth, null);
            }
            return generated;
        }

        /** Looks up the state {@code encoder} holds (exact set); false when the search must stop. */
        private boolean visit(S next, StateEncoder<S> encoder) {
            if (atBound) {
                if (!run.visited.contains(encoder)) {
                    run.stop(Exploration.MAX_DEPTH); // a new state lies beyond the depth bound
                    return false;
                }
                return true;
            }
            if (run.visited.add(encoder)) {
                if (!run.admit(next, depth + 1)) {
                    return false;
                }
                append(output, next, encoder);
                outputStates++;
            }
            return true;
        }

        /** Looks up the successors gathered, in order; false when the search must stop. */
        private boolean visitSuccessors() {
            Successors<S> b = successors;
            prefetched += fingerprints.prefetch(b.fingerprints, b.count);
            for (int k = 0; k < b.count; k++) {
                long fp = b.fingerprints[k];
                if (atBound) {
                    if (!fingerprints.contains(fp)) {
                        run.stop(Exploration.MAX_DEPTH); // a new state lies beyond the depth bound
                        return false;
                    }
                    continue;
                }
                if (fingerprints.add(fp)) {
                    S next = b.states.get(k);
                    if (!run.admit(next, depth + 1)) {
                        return false;
                    }
                    if (decodes && encoder.modelPrints()) {
                        append(output, next, encoder.encode(next)); // not encoded until now
                    } else {
                        append(output, next, b.words, b.offsets[k], b.offsets[k + 1] - b.offsets[k]);
                    }
                    outputStates++;
                }
            }
            return true;
        }
    }

    /**
     * One state's new successors, gathered before any is looked up: their states, fingerprints and (for a
     * model that decodes) encodings, in reusable arrays.
     */
    private static final class Successors<S> {
        final List<S> states = new ArrayList<>();
        long[] fingerprints = new long[16];
        long[] words = new long[64];
        int[] offsets = new int[17];
        int count;

        void clear() {
            states.clear();
            count = 0;
        }

        void add(S state, long fingerprint, StateEncoder<S> encoder, boolean keepWords) {
            if (count == fingerprints.length) {
                fingerprints = Arrays.copyOf(fingerprints, 2 * count);
                offsets = Arrays.copyOf(offsets, 2 * count + 1);
            }
            states.add(state);
            fingerprints[count] = fingerprint;
            int at = offsets[count];
            int length = keepWords ? encoder.length() : 0;
            if (at + length > words.length) {
                words = Arrays.copyOf(words, Math.max(2 * words.length, at + length));
            }
            System.arraycopy(encoder.words(), 0, words, at, length);
            offsets[++count] = at + length;
        }
    }
}
