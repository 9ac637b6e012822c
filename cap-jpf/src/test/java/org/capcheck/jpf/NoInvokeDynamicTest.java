package org.capcheck.jpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Stock Java PathFinder cannot run every invokedynamic (docs/jpf.md: a lambda's class name collides
 * with javac's switch-map class), so no class JPF loads for a harness may use one. The classes JPF
 * loads are those {@link JpfMain} reaches: every capcheck class named in the constant pool (as a class
 * or inside a descriptor) of a class reached, transitively, from JpfMain. This over-approximates what
 * JPF actually loads, so the rule is checked for more than is needed. The test reads class files with
 * the JDK alone.
 *
 * <p>No exception, not even for records: a record's generated equals, hashCode and toString are
 * invokedynamic calls to {@code java/lang/runtime/ObjectMethods}, so cap-core's value classes write
 * theirs by hand.
 */
class NoInvokeDynamicTest {
    private static final String RECORD_BOOTSTRAP = "java/lang/runtime/ObjectMethods";
    private static final Pattern CAPCHECK = Pattern.compile("L?(org/capcheck/[A-Za-z0-9_/$]+)[;]?");

    /** What one class file says: the capcheck classes it names and the owners of its bootstrap methods. */
    private static final class ClassFile {
        final Set<String> references = new TreeSet<>();
        final List<String> bootstraps = new ArrayList<>();
        int invokeDynamics;
    }

    @Test
    void noClassAHarnessLoadsUnderJpfUsesInvokeDynamic() throws IOException {
        TreeMap<String, ClassFile> reached = closure("org/capcheck/jpf/JpfMain");
        for (String expected : List.of("org/capcheck/jpf/JpfMain", "org/capcheck/jpf/JpfChoices",
                "org/capcheck/jpf/Harnesses", "org/capcheck/jpf/CapRevokeHarness",
                "org/capcheck/jpf/TwoPhaseCommitHarness", "org/capcheck/jpf/RacyCounterHarness",
                "org/capcheck/core/Kernel", "org/capcheck/core/Mutant")) {
            assertTrue(reached.containsKey(expected), expected + " is reached from JpfMain: " + reached.keySet());
        }
        // The host-side classes stay out of what JPF loads (they may use whatever they like).
        for (String hostOnly : List.of("org/capcheck/jpf/Explorer", "org/capcheck/jpf/JpfLauncher",
                "org/capcheck/jpf/ExplorationReport", "org/capcheck/jpf/JpfProgressListener")) {
            assertFalse(reached.containsKey(hostOnly), hostOnly + " must not be reached from JpfMain");
        }
        List<String> offending = new ArrayList<>();
        for (var e : reached.entrySet()) {
            ClassFile c = e.getValue();
            for (String bootstrap : c.bootstraps) {
                offending.add(e.getKey() + " (bootstrap " + bootstrap + ")");
            }
        }
        assertEquals(List.of(), offending, "classes JPF loads for a harness use invokedynamic");
    }

    /** The reader itself finds what it must reject: a lambda, string concatenation through indy, a record. */
    @Test
    void theCheckSeesLambdasAndRecords() throws IOException {
        ClassFile lambda = read(Seeded.class.getName().replace('.', '/'));
        assertTrue(lambda.bootstraps.contains("java/lang/invoke/LambdaMetafactory"), lambda.bootstraps.toString());
        assertTrue(lambda.invokeDynamics > 0);
        ClassFile record = read("org/capcheck/jpf/JpfLauncher$JpfOutcome");
        assertTrue(record.bootstraps.contains(RECORD_BOOTSTRAP), record.bootstraps.toString());
        ClassFile clean = read("org/capcheck/jpf/TwoPhaseCommitHarness");
        assertEquals(List.of(), clean.bootstraps);
        assertEquals(0, clean.invokeDynamics);
        assertTrue(closure("org/capcheck/jpf/NoInvokeDynamicTest$Seeded").containsKey(
                "org/capcheck/jpf/NoInvokeDynamicTest$Seeded"));
    }

    /** Compiled by javac with a lambda: the kind of class the rule rejects. */
    static final class Seeded {
        IntSupplier answer() {
            int x = 42;
            return () -> x;
        }
    }

    private static TreeMap<String, ClassFile> closure(String root) throws IOException {
        TreeMap<String, ClassFile> reached = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (reached.containsKey(name)) {
                continue;
            }
            ClassFile c = read(name);
            reached.put(name, c);
            for (String r : c.references) {
                if (!reached.containsKey(r)) {
                    todo.push(r);
                }
            }
        }
        return reached;
    }

    /** Parses a class file far enough to list its constant pool's class names and bootstrap methods. */
    static ClassFile read(String internalName) throws IOException {
        byte[] bytes;
        try (InputStream in = NoInvokeDynamicTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IOException("no class file for " + internalName);
            }
            bytes = in.readAllBytes();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException(internalName + " is not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] first = new int[count];
        int[] second = new int[count];
        int[] tags = new int[count];
        ClassFile out = new ClassFile();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1: // Utf8
                    utf8[i] = in.readUTF();
                    break;
                case 3: case 4: // Integer, Float
                    in.readInt();
                    break;
                case 5: case 6: // Long, Double: two entries
                    in.readLong();
                    i++;
                    break;
                case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                    first[i] = in.readUnsignedShort();
                    break;
                case 15: // MethodHandle: kind, reference
                    first[i] = in.readUnsignedByte();
                    second[i] = in.readUnsignedShort();
                    break;
                case 17: case 18: // Dynamic, InvokeDynamic
                    out.invokeDynamics++;
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                    break;
                case 9: case 10: case 11: case 12: // Fieldref, Methodref, InterfaceMethodref, NameAndType
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                    break;
                default:
                    throw new IOException(internalName + ": unknown constant pool tag " + tag);
            }
        }
        for (int i = 1; i < count; i++) {
            if (utf8[i] != null) {
                // Class names (tag 7 points here) and descriptors both name classes.
                Matcher m = Pattern.compile("L(org/capcheck/[A-Za-z0-9_/$]+);").matcher(utf8[i]);
                while (m.find()) {
                    out.references.add(m.group(1));
                }
            }
            if (tags[i] == 7) {
                Matcher m = CAPCHECK.matcher(utf8[first[i]]);
                if (m.matches()) {
                    out.references.add(m.group(1));
                }
            }
        }
        in.readUnsignedShort(); // access
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        for (int members = 0; members < 2; members++) { // fields, then methods
            int n = in.readUnsignedShort();
            for (int j = 0; j < n; j++) {
                in.skipBytes(6);
                skipAttributes(in);
            }
        }
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String name = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if (!"BootstrapMethods".equals(name)) {
                in.skipBytes(length);
                continue;
            }
            int n = in.readUnsignedShort();
            for (int b = 0; b < n; b++) {
                int handle = in.readUnsignedShort();
                int member = second[handle]; // a Methodref
                out.bootstraps.add(utf8[first[first[member]]]); // its class's name
                in.skipBytes(2 * in.readUnsignedShort());
            }
        }
        return out;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            in.readUnsignedShort();
            in.skipBytes(in.readInt());
        }
    }
}
