package loquet.web;

import gg.jte.TemplateOutput;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A page as UTF-8 in one growing array. jte's own Utf8ByteOutput keeps every piece as a
 * chunk of its own (a substring and its bytes for each escaped run, thousands on the user
 * list), then copies them all into one array at the end: with the list that grows for
 * them, a sixth of the user list's time. Here text is encoded straight into the array
 * (ASCII byte by byte, the rest through the JDK's encoder) and the static parts, encoded
 * at build time, are copied in.
 */
final class PageBytes implements TemplateOutput {

    private byte[] bytes = new byte[16 * 1024];
    private int length;

    @Override
    public void writeContent(String value) {
        writeContent(value, 0, value.length());
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
        ensure(endIndex - beginIndex);
        for (int i = beginIndex; i < endIndex; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                // Beyond ASCII (rare in markup, "—" or a name): the rest of the run through the JDK's UTF-8 encoder.
                writeBinaryContent(value.substring(i, endIndex).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            bytes[length++] = (byte) c;
        }
    }

    @Override
    public void writeBinaryContent(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    /** The page, without copying it once more. */
    InputStream stream() {
        return new ByteArrayInputStream(bytes, 0, length);
    }

    int length() {
        return length;
    }
}
