package io.sparksweep.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/**
 * Reads an IDX file of unsigned bytes (the MNIST format), raw or gzip-compressed.
 * Header: two zero bytes, type 0x08, number of dimensions, then one big-endian int per dimension.
 */
public final class IdxReader {

    /** Decoded IDX content: dimensions and the raw bytes, row-major. */
    public record IdxArray(int[] dims, byte[] data) {}

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {}

    /**
     * @param name   used in error messages only
     * @param digest updated with the uncompressed bytes (header included), so a gzip level does not change the hash
     */
    public static IdxArray read(InputStream raw, String name, MessageDigest digest) {
        try (InputStream in = new DigestInputStream(maybeGunzip(new BufferedInputStream(raw, 1 << 16)), digest)) {
            DataInputStream data = new DataInputStream(in);
            int magic = data.readInt();
            if ((magic >>> 16) != 0) {
                throw new DatasetException(
                        name + ": not an IDX file (bad magic number 0x" + Integer.toHexString(magic) + ")");
            }
            int type = (magic >>> 8) & 0xFF;
            int ndim = magic & 0xFF;
            if (type != UNSIGNED_BYTE) {
                throw new DatasetException(name + ": IDX element type 0x" + Integer.toHexString(type)
                        + " is not supported (need unsigned bytes, 0x08)");
            }
            if (ndim < 1 || ndim > 4) {
                throw new DatasetException(name + ": IDX file has " + ndim + " dimensions; expected 1 to 4");
            }
            int[] dims = new int[ndim];
            long size = 1;
            for (int i = 0; i < ndim; i++) {
                dims[i] = data.readInt();
                if (dims[i] <= 0) {
                    throw new DatasetException(name + ": dimension " + i + " is " + dims[i]);
                }
                size *= dims[i];
            }
            if (size > Integer.MAX_VALUE - 16) {
                throw new DatasetException(name + ": " + size + " elements is too large");
            }
            byte[] body = new byte[(int) size];
            try {
                data.readFully(body);
            } catch (EOFException e) {
                throw new DatasetException(name + ": truncated: header promises " + size + " bytes of data");
            }
            if (data.read() != -1) {
                throw new DatasetException(name + ": has bytes after the " + size + " the header promises");
            }
            return new IdxArray(dims, body);
        } catch (EOFException e) {
            throw new DatasetException(name + ": truncated IDX header");
        } catch (IOException e) {
            throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static InputStream maybeGunzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }
}
