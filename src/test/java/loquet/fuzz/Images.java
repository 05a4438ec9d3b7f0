package loquet.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Hostile avatar files: lies about their size, truncated, scripts, not images at all. */
final class Images {

    private Images() {
    }

    static byte[] hostile(int kind, byte[] value) {
        return switch (kind % 10) {
            case 0 -> png(1, 1, true);
            case 1 -> png(65_535, 65_535, true); // a header that claims 4 billion pixels
            case 2 -> png(Integer.MAX_VALUE, 1, true);
            case 3 -> java.util.Arrays.copyOf(png(64, 64, true), 40); // cut short
            case 4 -> png(300, 300, false); // no image data
            case 5 -> "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert('fz')\"><script>alert('fz')</script></svg>"
                    .getBytes(StandardCharsets.UTF_8);
            case 6 -> Hostile.concat(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0}, value); // a JPEG start, then anything
            case 7 -> Hostile.concat("GIF89a\u00ff\u00ff\u00ff\u00ff".getBytes(StandardCharsets.ISO_8859_1), value);
            case 8 -> Hostile.concat("RIFF\u00ff\u00ff\u00ff\u00ffWEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), value);
            default -> value;
        };
    }

    /** A PNG of the claimed size: one row of pixels at most, whatever the header says. */
    static byte[] png(int width, int height, boolean data) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0)
                .put((byte) 0).array());
        if (data) {
            var deflater = new Deflater();
            deflater.setInput(new byte[1 + 3 * Math.min(width, 64)]);
            deflater.finish();
            byte[] buffer = new byte[1024];
            int n = deflater.deflate(buffer);
            chunk(out, "IDAT", java.util.Arrays.copyOf(buffer, n));
        }
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(name);
        out.writeBytes(data);
        var crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
