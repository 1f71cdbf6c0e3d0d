package dev.annogan.datasets.coco.mask;

import java.util.Arrays;

/**
 * Converts run lengths to and from pycocotools' compressed ASCII counts string.
 *
 * <p>The scheme is LEB128-like with 5 payload bits per character: each character is {@code 48 +
 * (6-bit group)}, bit {@code 0x20} says another character follows and, in the last character, bit
 * {@code 0x10} is the sign. From the fourth run on, the value written is the difference to the run
 * two places back (runs of one colour tend to be alike), which is why values may be negative.
 */
final class CompressedCounts {

    /** The first character of the alphabet; the last is {@code '0' + 63 = 'o'}. */
    private static final int FIRST_CHAR = 48;

    private static final int LAST_CHAR = FIRST_CHAR + 63;

    /** Eight 5-bit groups cover any 32-bit run; more would overflow the 64-bit accumulator. */
    private static final int MAX_SHIFT = 35;

    private CompressedCounts() {}

    /** Returns the compressed string of these run lengths. */
    static String encode(int[] counts) {
        StringBuilder out = new StringBuilder(counts.length * 2);
        for (int i = 0; i < counts.length; i++) {
            long value = counts[i];
            // pycocotools starts the deltas at index 3 (its test is i > 2), not at index 2.
            if (i > 2) {
                value -= counts[i - 2];
            }
            boolean more = true;
            while (more) {
                int group = (int) (value & 0x1f);
                value >>= 5;
                more = (group & 0x10) != 0 ? value != -1 : value != 0;
                if (more) {
                    group |= 0x20;
                }
                out.append((char) (group + FIRST_CHAR));
            }
        }
        return out.toString();
    }

    /**
     * Returns the run lengths a compressed string stands for.
     *
     * @throws IllegalArgumentException if the string has a character outside {@code '0'..'o'}, ends
     *     in the middle of a value, or decodes to a run length outside {@code 0..2^31-1}
     */
    static int[] decode(String compressed) {
        int[] counts = new int[compressed.length()];
        int size = 0;
        int position = 0;
        while (position < compressed.length()) {
            long value = 0;
            int shift = 0;
            boolean more = true;
            while (more) {
                if (position >= compressed.length()) {
                    throw new IllegalArgumentException(
                            "compressed counts end in the middle of run " + size);
                }
                char c = compressed.charAt(position);
                if (c < FIRST_CHAR || c > LAST_CHAR) {
                    throw new IllegalArgumentException(
                            "compressed counts have character '"
                                    + c
                                    + "' at position "
                                    + position
                                    + "; only '0'..'o' are allowed");
                }
                if (shift > MAX_SHIFT) {
                    throw new IllegalArgumentException(
                            "compressed counts have a value longer than 8 characters at run "
                                    + size);
                }
                int group = c - FIRST_CHAR;
                value |= (long) (group & 0x1f) << shift;
                shift += 5;
                more = (group & 0x20) != 0;
                position++;
                if (!more && (group & 0x10) != 0) {
                    value |= -1L << shift;
                }
            }
            if (size > 2) {
                value += counts[size - 2];
            }
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "compressed counts decode to run length " + value + " at run " + size);
            }
            counts[size++] = (int) value;
        }
        return Arrays.copyOf(counts, size);
    }
}
