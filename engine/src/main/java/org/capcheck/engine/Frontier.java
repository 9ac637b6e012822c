package org.capcheck.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The breadth-first queue of a model that {@linkplain Model#decodes() decodes}: states as their encodings
 * in large {@code long[]} blocks (each entry its length, then its words; or, while every encoding has had
 * the same length, the words alone), so a waiting state costs its encoding, at most one word more, and
 * there is no object per state.
 *
 * <p>When the blocks held in memory pass a limit, full blocks are written to a temporary file, one file
 * per level, and read back in their place in the level's order when the level is expanded (TLC's disk
 * queue does the same): a run limited by the heap slows down instead of dying. A level's file is deleted
 * once the level is expanded, and every file when the search ends.
 */
final class Frontier implements AutoCloseable {
    /** Words per block: 256 KiB, large enough that a spill is one big sequential write. */
    static final int BLOCK_WORDS = 1 << 15;
    private static final long MIN_MEMORY = 8L << 20;
    /** Arrays of spent blocks kept for reuse: at most 8 MiB. */
    private static final int POOLED_BLOCKS = 32;
    private final java.util.ArrayDeque<long[]> pool = new java.util.ArrayDeque<>();

    /** Encoded states of one level: in {@link #words} while in memory, else at {@link #position} in a file. */
    static final class Block {
        long[] words;
        int used;
        int states;
        /**
         * 0: each entry is its length, then its words. Greater than 0: every entry is that many words,
         * without the length, so a model whose encodings all have one length queues a state in exactly
         * its encoding (one word for two-phase commit).
         */
        int entryLength;
        SpillFile file;
        long position;
    }

    private final long memoryLimit;
    private final Path directory;
    private final LongSupplier visitedBytes;
    private final AtomicLong inMemory = new AtomicLong();
    /** Set once two encodings of different lengths have been queued: blocks made after keep lengths. */
    private volatile boolean variableLength;
    private final AtomicLong onDisk = new AtomicLong();
    private final AtomicLong spilledTotal = new AtomicLong();
    /** The file the level being built spills to (made on the first spill), and the one being read. */
    private SpillFile writing;
    private SpillFile reading;

    /**
     * @param memoryLimit  bytes of blocks to keep in memory before spilling; 0 for a limit that follows the
     *                     heap (a third of what the visited set leaves, counting its next growth)
     * @param directory    where spill files go; null for the system's temporary directory
     * @param visitedBytes the visited set's current size in bytes
     */
    Frontier(long memoryLimit, Path directory, LongSupplier visitedBytes) {
        this.memoryLimit = memoryLimit;
        this.directory = directory;
        this.visitedBytes = visitedBytes;
    }

    /** A new in-memory block with room for at least {@code words} words. */
    Block newBlock(int words) {
        Block b = new Block();
        long[] pooled = words <= BLOCK_WORDS ? pooled() : null;
        b.words = pooled != null ? pooled : new long[Math.max(BLOCK_WORDS, words)];
        inMemory.addAndGet(8L * b.words.length);
        return b;
    }

    /**
     * A new in-memory block for entries of {@code length} words, following {@code previous} (null for a
     * level's first): entries without their lengths for as long as every encoding met has the same length,
     * with them from the first that differs ({@code previous} refused it) on.
     */
    Block newBlock(int length, Block previous) {
        if (previous != null && previous.entryLength > 0 && previous.entryLength != length) {
            variableLength = true;
        }
        Block b = newBlock(length + 1);
        b.entryLength = variableLength ? 0 : length;
        return b;
    }

    /** Appends an encoded state to {@code block}; false, changing nothing, when it does not fit. */
    static boolean append(Block block, long[] words, int length) {
        return append(block, words, 0, length);
    }

    /** Appends the encoded state {@code words[from .. from + length)}, as {@link #append(Block, long[], int)}. */
    static boolean append(Block block, long[] words, int from, int length) {
        if (block.entryLength > 0) {
            if (length != block.entryLength || block.used + length > block.words.length) {
                return false;
            }
            System.arraycopy(words, from, block.words, block.used, length);
            block.used += length;
            block.states++;
            return true;
        }
        if (block.used + length + 1 > block.words.length) {
            return false;
        }
        block.words[block.used] = length;
        System.arraycopy(words, from, block.words, block.used + 1, length);
        block.used += length + 1;
        block.states++;
        return true;
    }

    /** A worker has finished filling {@code block}: it goes to disk if memory is over its limit. */
    void seal(Block block) {
        if (block.words == null || block.states == 0 || inMemory.get() <= limit()) {
            return;
        }
        SpillFile file;
        synchronized (this) {
            if (writing == null) {
                writing = new SpillFile(directory);
            }
            file = writing;
        }
        block.position = file.append(block.words, block.used);
        block.file = file;
        inMemory.addAndGet(-8L * block.words.length);
        onDisk.addAndGet(8L * block.used);
        spilledTotal.addAndGet(8L * block.used);
        recycle(block.words);
        block.words = null;
    }

    private long limit() {
        if (memoryLimit > 0) {
            return memoryLimit;
        }
        long max = Runtime.getRuntime().maxMemory();
        // The set after its next growth: it grows one segment (1/4096 of it) at a time, by half, so the
        // copy being made is a small part of it.
        long planned = visitedBytes.getAsLong() * 3 / 2;
        return Math.max(MIN_MEMORY, (max - planned) / 3);
    }

    /**
     * The words of {@code block}: its own array, or read from its file into {@code buffer} (grown when too
     * small; the caller keeps the array it gets back for the next call).
     */
    long[] open(Block block, long[] buffer) {
        if (block.words != null) {
            return block.words;
        }
        long[] into = buffer != null && buffer.length >= block.used ? buffer : new long[Math.max(BLOCK_WORDS, block.used)];
        block.file.read(block.position, into, block.used);
        onDisk.addAndGet(-8L * block.used);
        return into;
    }

    /** {@code block} has been expanded: its memory is free. */
    void release(Block block) {
        if (block.words != null) {
            inMemory.addAndGet(-8L * block.words.length);
            recycle(block.words);
            block.words = null;
        }
    }

    /**
     * A block's array, expanded or written to disk, kept for the next new block: while one level is
     * expanded the next is built at about the same pace, so a few arrays go round instead of a new
     * 256 KiB array per block, each copied by the collector when it survives into the old generation.
     */
    private void recycle(long[] words) {
        if (words.length == BLOCK_WORDS) {
            synchronized (pool) {
                if (pool.size() < POOLED_BLOCKS) {
                    pool.push(words);
                }
            }
        }
    }

    private long[] pooled() {
        synchronized (pool) {
            return pool.poll();
        }
    }

    /** The level built so far becomes the one read; the file of the level just expanded is deleted. */
    synchronized void nextLevel() {
        if (reading != null) {
            reading.close();
        }
        reading = writing;
        writing = null;
    }

    long bytesInMemory() {
        return inMemory.get();
    }

    long bytesOnDisk() {
        return onDisk.get();
    }

    /** Bytes written to spill files over the whole run. */
    long bytesSpilled() {
        return spilledTotal.get();
    }

    @Override
    public synchronized void close() {
        synchronized (pool) {
            pool.clear();
        }
        if (reading != null) {
            reading.close();
            reading = null;
        }
        if (writing != null) {
            writing.close();
            writing = null;
        }
    }

    /** One level's spill file: appended by any worker under a lock, read by position without one. */
    static final class SpillFile {
        private final Path path;
        private final FileChannel channel;
        private long end;
        private final ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocate(8 * BLOCK_WORDS));

        SpillFile(Path directory) {
            try {
                path = directory == null ? Files.createTempFile("capcheck-queue", ".bin")
                        : Files.createTempFile(directory, "capcheck-queue", ".bin");
                channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.DELETE_ON_CLOSE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a file to spill the search queue to", e);
            }
        }

        synchronized long append(long[] words, int count) {
            long at = end;
            ByteBuffer buffer = buffer(count);
            buffer.asLongBuffer().put(words, 0, count);
            buffer.limit(8 * count);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer, end + buffer.position());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot spill the search queue to " + path, e);
            }
            end += 8L * count;
            return at;
        }

        void read(long position, long[] into, int count) {
            ByteBuffer buffer = buffer(count);
            buffer.limit(8 * count);
            try {
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, position + buffer.position()) < 0) {
                        throw new IOException("unexpected end of file");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the search queue back from " + path, e);
            }
            buffer.flip();
            buffer.asLongBuffer().get(into, 0, count);
        }

        private ByteBuffer buffer(int words) {
            ByteBuffer b = buffers.get();
            if (b.capacity() < 8 * words) {
                b = ByteBuffer.allocate(8 * words);
                buffers.set(b);
            }
            b.clear();
            return b;
        }

        void close() {
            try {
                channel.close();
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // DELETE_ON_CLOSE has removed it already, or the directory is gone
            }
        }
    }
}
