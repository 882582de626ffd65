package io.rethinkmigrate.archive.compress;

/**
 * The CRC-32 of two pieces one after the other from the CRC-32 of each and the second's length, as
 * zlib's {@code crc32_combine} computes it: appending {@code length} zero bits is a linear map over
 * GF(2), applied by repeated squaring of its 32x32 matrix. Lets pieces compressed apart (a table's data
 * spooled on its own thread) join one gzip member, whose trailer holds the CRC-32 of all the data.
 */
final class Crc32Combine {
    /** The reflected CRC-32 polynomial (RFC 1952). */
    private static final long POLYNOMIAL = 0xedb88320L;

    private Crc32Combine() {
    }

    /** The CRC-32 of A followed by B, from {@code crcA}, {@code crcB} and B's length in bytes. */
    static long combine(long crcA, long crcB, long lengthB) {
        if (lengthB <= 0) {
            return crcA;
        }
        long[] odd = new long[32]; // the operator for one zero bit
        odd[0] = POLYNOMIAL;
        long row = 1;
        for (int n = 1; n < 32; n++) {
            odd[n] = row;
            row <<= 1;
        }
        long[] even = new long[32];
        square(even, odd); // two zero bits
        square(odd, even); // four zero bits
        long crc = crcA;
        long remaining = lengthB;
        do { // each pass squares the operator: one byte's zeros, then two, four, ...
            square(even, odd);
            if ((remaining & 1) != 0) {
                crc = times(even, crc);
            }
            remaining >>= 1;
            if (remaining == 0) {
                break;
            }
            square(odd, even);
            if ((remaining & 1) != 0) {
                crc = times(odd, crc);
            }
            remaining >>= 1;
        } while (remaining != 0);
        return crc ^ crcB;
    }

    private static long times(long[] matrix, long vector) {
        long sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(long[] result, long[] matrix) {
        for (int n = 0; n < 32; n++) {
            result[n] = times(matrix, matrix[n]);
        }
    }
}
