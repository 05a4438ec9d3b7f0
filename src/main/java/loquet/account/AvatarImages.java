package loquet.account;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;

/**
 * Turns an uploaded picture into the avatar kept: the type is told by the file's first
 * bytes (never its name or the browser's header), the size is checked before decoding
 * (no decompression bombs), and a fresh square thumbnail is encoded, so nothing of the
 * original file (metadata, trailing data) survives.
 */
final class AvatarImages {

    static final long MAX_BYTES = 2 * 1024 * 1024;
    static final int SIZE = 256;
    private static final int MAX_SIDE = 8000;

    sealed interface Result {
        record Thumbnail(byte[] image, String contentType) implements Result {
        }

        /** Not a PNG, JPEG or WebP picture that can be read. */
        record NotAnImage() implements Result {
        }

        record TooLarge() implements Result {
        }
    }

    private AvatarImages() {
    }

    static Result thumbnail(byte[] upload) {
        if (upload.length > MAX_BYTES) {
            return new Result.TooLarge();
        }
        if (!isPng(upload) && !isJpeg(upload) && !isWebp(upload)) {
            return new Result.NotAnImage();
        }
        try {
            BufferedImage image = decode(upload);
            if (image == null) {
                return new Result.NotAnImage();
            }
            boolean transparent = image.getColorModel().hasAlpha();
            BufferedImage square = Thumbnails.of(image)
                    .crop(Positions.CENTER)
                    .size(SIZE, SIZE)
                    .imageType(transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB)
                    .asBufferedImage();
            var out = new ByteArrayOutputStream();
            String format = transparent ? "png" : "jpg";
            if (!ImageIO.write(square, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return new Result.Thumbnail(out.toByteArray(), transparent ? "image/png" : "image/jpeg");
        } catch (IOException | RuntimeException broken) {
            // Truncated or corrupt data behind valid first bytes.
            return new Result.NotAnImage();
        }
    }

    private static BufferedImage decode(byte[] upload) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
            var readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                if (reader.getWidth(0) > MAX_SIDE || reader.getHeight(0) > MAX_SIDE) {
                    return null;
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }

    private static boolean isPng(byte[] b) {
        return startsWith(b, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    }

    private static boolean isJpeg(byte[] b) {
        return startsWith(b, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});
    }

    private static boolean isWebp(byte[] b) {
        return b.length > 12 && startsWith(b, new byte[] {'R', 'I', 'F', 'F'})
                && Arrays.equals(Arrays.copyOfRange(b, 8, 12), new byte[] {'W', 'E', 'B', 'P'});
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(Arrays.copyOf(data, prefix.length), prefix);
    }

}
