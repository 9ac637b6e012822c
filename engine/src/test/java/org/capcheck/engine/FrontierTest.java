package org.capcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The breadth-first queue of encodings: the same search whether it stays in memory or spills to disk. */
class FrontierTest {

    /**
     * Three counters, each 0..n-1; an action bumps one by 1 or 2 (mod n), or resets one. Exactly n^3
     * states, reachable in many orders; states decode from their encoding, whose length varies with the
     * state (a state writes an extra word when its first counter is odd) so blocks hold entries of mixed
     * length. "Decoded" counts the states the engine rebuilt, to show the queue held encodings.
     */
    static class Counters implements Model<int[], Integer> {
        final int n;
        final boolean decodes;
        final java.util.concurrent.atomic.AtomicLong decoded = new java.util.concurrent.atomic.AtomicLong();

        Counters(int n, boolean decodes) {
            this.n = n;
            this.decodes = decodes;
        }

        @Override
        public List<int[]> initialStates() {
            return List.of(new int[3]);
        }

        @Override
        public void actions(int[] state, List<Integer> actions) {
            for (int i = 0; i < 9; i++) {
                actions.add(i);
            }
        }

        @Override
        public int[] next(int[] state, Integer action) {
            int which = action / 3;
            int[] next = state.clone();
            next[which] = action % 3 == 2 ? 0 : (state[which] + 1 + action % 3) % n;
            return next[which] == state[which] ? state : next;
        }

        @Override
        public void encode(int[] state, StateSink sink) {
            sink.putLong(((long) state[0] << 32) | state[1]);
            sink.putInt(state[2]);
            if (state[0] % 2 == 1) {
                sink.putLong(-1);
            }
        }

        @Override
        public boolean decodes() {
            return decodes;
        }

        @Override
        public int[] decode(long[] words, int from, int length) {
            decoded.incrementAndGet();
            assertEquals((words[from] >>> 32) % 2 == 1 ? 3 : 2, length);
            return new int[] {(int) (words[from] >>> 32), (int) words[from], (int) words[from + 1]};
        }

        @Override
        public List<Property<int[]>> properties() {
            return List.of(Property.always("counters in range", s -> s[0] < n && s[1] < n && s[2] < n),
                    Property.sometimes("all at the top", s -> s[0] == n - 1 && s[1] == n - 1 && s[2] == n - 1));
        }
    }

    @Test
    void aQueueForcedToSpillGivesTheSameCountsAsInMemoryAndLeavesNoFile(@TempDir Path dir) throws IOException {
        Report<int[], Integer> objects = Checker.of(new Counters(30, false)).bfs().run();
        Counters model = new Counters(30, true);
        Report<int[], Integer> inMemory = Checker.of(model).bfs().run();
        assertEquals(27_000, objects.distinctStates());
        assertEquals(objects.distinctStates(), inMemory.distinctStates());
        assertEquals(objects.generatedStates(), inMemory.generatedStates());
        assertEquals(objects.maxDepth(), inMemory.maxDepth());
        assertEquals(27_000, model.decoded.get(), "every state was expanded from its encoding");

        for (int workers : new int[] {1, 2}) {
            Counters spilling = new Counters(30, true);
            Report<int[], Integer> spilled = Checker.of(spilling).frontierMemory(1).spillDirectory(dir)
                    .workers(workers).bfs().run();
            assertEquals(Report.Result.OK, spilled.result());
            assertEquals(inMemory.distinctStates(), spilled.distinctStates());
            assertEquals(inMemory.generatedStates(), spilled.generatedStates());
            assertEquals(inMemory.maxDepth(), spilled.maxDepth());
            assertEquals(PropertyResult.Outcome.REACHED, spilled.outcome("all at the top"));
            assertEquals(27_000, spilling.decoded.get());
            try (Stream<Path> left = Files.list(dir)) {
                assertEquals(List.of(), left.toList(), "spill files are deleted");
            }
        }
    }

    @Test
    void spillingReallyWritesAndReadsBlocksInOrder(@TempDir Path dir) {
        Frontier frontier = new Frontier(1, dir, () -> 0);
        Frontier.Block[] blocks = new Frontier.Block[3];
        long value = 0;
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = frontier.newBlock(1);
            long[] entry = new long[5];
            int length = 0;
            do {
                length = (int) (value % 5) + 1;
                for (int i = 0; i < length; i++) {
                    entry[i] = value * 10 + i;
                }
                value++;
            } while (Frontier.append(blocks[b], entry, length));
            value--; // the last one did not fit
            frontier.seal(blocks[b]);
            assertEquals(null, blocks[b].words, "over the limit, a sealed block goes to disk");
        }
        assertTrue(frontier.bytesOnDisk() > 0);
        frontier.nextLevel();
        long expected = 0;
        long[] buffer = null;
        for (Frontier.Block block : blocks) {
            long[] words = frontier.open(block, buffer);
            buffer = words;
            for (int at = 0; at < block.used; ) {
                int length = (int) words[at];
                assertEquals((int) (expected % 5) + 1, length);
                for (int i = 0; i < length; i++) {
                    assertEquals(expected * 10 + i, words[at + 1 + i]);
                }
                expected++;
                at += length + 1;
            }
            frontier.release(block);
        }
        assertEquals(value, expected);
        assertEquals(0, frontier.bytesOnDisk());
        frontier.close();
        assertEquals(0, dir.toFile().list().length);
    }

    @Test
    void encodingsOfOneLengthAreQueuedWithoutTheirLengthsUntilOneDiffers(@TempDir Path dir) {
        Frontier frontier = new Frontier(1, dir, () -> 0);
        long[] entry = {7, 8, 9};
        Frontier.Block fixed = frontier.newBlock(2, null);
        assertEquals(2, fixed.entryLength);
        long n = 0;
        while (Frontier.append(fixed, new long[] {n, -n}, 2)) {
            n++;
        }
        assertEquals(Frontier.BLOCK_WORDS / 2, n, "two words a state, nothing more");
        Frontier.Block next = frontier.newBlock(2, fixed);
        assertTrue(Frontier.append(next, new long[] {n, -n}, 2));
        assertTrue(!Frontier.append(next, entry, 3), "a fixed-length block refuses another length");
        Frontier.Block mixed = frontier.newBlock(3, next);
        assertEquals(0, mixed.entryLength, "from the first different length on, entries carry their lengths");
        assertTrue(Frontier.append(mixed, entry, 3));
        assertTrue(Frontier.append(mixed, entry, 1));
        assertEquals(0, frontier.newBlock(2, mixed).entryLength, "and stay so");
        frontier.seal(fixed);
        assertEquals(null, fixed.words, "over the limit, the block went to disk");
        frontier.nextLevel();
        long[] words = frontier.open(fixed, null);
        for (int i = 0; i < n; i++) {
            assertEquals(i, words[2 * i]);
            assertEquals(-i, words[2 * i + 1]);
        }
        assertEquals(List.of(3L, 7L, 8L, 9L, 1L, 7L), java.util.Arrays.stream(mixed.words, 0, mixed.used).boxed().toList());
        frontier.close();
    }
}
