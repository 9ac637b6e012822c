package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No class of cap-core uses invokedynamic: no constant-pool entry of kind InvokeDynamic or Dynamic,
 * and no BootstrapMethods attribute. Lambdas, method references, records' generated methods and
 * javac's default string concatenation all compile to invokedynamic, which a stock Java PathFinder
 * does not run dependably (docs/jpf.md), and harnesses run cap-core under it. The class files are
 * read with a minimal reader of the JVM class-file format (JVMS chapter 4), JDK only.
 */
class NoInvokedynamicTest {
    private static final int CONSTANT_DYNAMIC = 17;
    private static final int CONSTANT_INVOKE_DYNAMIC = 18;

    /** What one class file says about invokedynamic. */
    private static final class Scan {
        int dynamicEntries;
        boolean bootstrapMethods;
    }

    static Scan scan(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        Scan scan = new Scan();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1:
                    utf8[i] = in.readUTF();
                    break;
                case 3: // Integer
                case 4: // Float
                case 9: // Fieldref
                case 10: // Methodref
                case 11: // InterfaceMethodref
                case 12: // NameAndType
                    in.skipBytes(4);
                    break;
                case CONSTANT_DYNAMIC:
                case CONSTANT_INVOKE_DYNAMIC:
                    scan.dynamicEntries++;
                    in.skipBytes(4);
                    break;
                case 5: // Long
                case 6: // Double
                    in.skipBytes(8);
                    i++; // takes two entries
                    break;
                case 7: // Class
                case 8: // String
                case 16: // MethodType
                case 19: // Module
                case 20: // Package
                    in.skipBytes(2);
                    break;
                case 15: // MethodHandle
                    in.skipBytes(3);
                    break;
                default:
                    throw new IOException("unknown constant-pool tag " + tag);
            }
        }
        in.skipBytes(6); // access flags, this class, super class
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        for (int members = 0; members < 2; members++) { // fields, then methods
            int n = in.readUnsignedShort();
            for (int i = 0; i < n; i++) {
                in.skipBytes(6);
                skipAttributes(in);
            }
        }
        int attributes = in.readUnsignedShort();
        for (int i = 0; i < attributes; i++) {
            String name = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            in.skipBytes(length);
            if ("BootstrapMethods".equals(name)) {
                scan.bootstrapMethods = true;
            }
        }
        return scan;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }

    private static List<Path> coreClasses() throws IOException, URISyntaxException {
        Path root = Path.of(Kernel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve("org/capcheck/core");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".class")).sorted().forEach(out::add);
        }
        return out;
    }

    @Test
    void noCapCoreClassUsesInvokedynamic() throws Exception {
        List<Path> classes = coreClasses();
        assertTrue(classes.size() > 20, "found cap-core's classes: " + classes.size());
        List<String> offenders = new ArrayList<>();
        for (Path p : classes) {
            Scan s = scan(Files.readAllBytes(p));
            if (s.bootstrapMethods || s.dynamicEntries > 0) {
                offenders.add(p.getFileName() + (s.bootstrapMethods ? " BootstrapMethods" : "")
                        + (s.dynamicEntries > 0 ? " " + s.dynamicEntries + " dynamic constants" : ""));
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theReaderSeesInvokedynamicWhereItIs() throws Exception {
        // This test class itself uses lambdas and method references: the reader must see them.
        Path self = Path.of(NoInvokedynamicTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/capcheck/core/NoInvokedynamicTest.class");
        Scan s = scan(Files.readAllBytes(self));
        assertTrue(s.bootstrapMethods);
        assertTrue(s.dynamicEntries > 0);
    }
}
