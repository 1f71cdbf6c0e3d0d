package dev.annogan.datasets.image;

import dev.annogan.datasets.image.RasterToRgb.RawColor;
import java.io.IOException;
import javax.imageio.stream.ImageInputStream;

/**
 * Decides how the raw bands of a JPEG are coloured, from the markers in its header.
 *
 * <p>The rules are libjpeg's (the decoder behind ImageIO, PIL and OpenCV): one band is grey; three
 * are YCbCr unless an Adobe marker says "no transform" or, without JFIF and Adobe markers, the
 * component ids spell R, G, B; four are CMYK, or YCCK when an Adobe marker says so. Four-band files
 * are read in Photoshop's inverted storage ({@code 255 - ink}) with or without an Adobe marker, as
 * PIL reads them: nearly all CMYK JPEGs come from Photoshop, and matching PIL keeps the colours a
 * network was trained on.
 *
 * <p>The markers are scanned here rather than read from ImageIO's metadata tree, because building
 * that tree parses embedded ICC profiles and fails on invalid ones (one COCO-tiny image has such a
 * profile) although the pixels decode fine.
 */
final class JpegColor {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP14 = 0xEE;

    private final boolean jfif;
    private final int adobeTransform;
    private final int[] componentIds;

    private JpegColor(boolean jfif, int adobeTransform, int[] componentIds) {
        this.jfif = jfif;
        this.adobeTransform = adobeTransform;
        this.componentIds = componentIds;
    }

    /**
     * Scans the header markers of a JPEG stream, up to its first scan, and rewinds the stream.
     *
     * @param in a stream positioned at the start of the file
     * @return the colour-relevant markers
     * @throws IOException if the stream is not a JPEG or ends inside the header
     */
    static JpegColor scan(ImageInputStream in) throws IOException {
        long start = in.getStreamPosition();
        boolean jfif = false;
        int transform = -1;
        int[] ids = new int[0];
        if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != SOI) {
            throw new IOException("no JPEG start-of-image marker");
        }
        while (true) {
            int marker = nextMarker(in);
            if (marker == SOS || marker == EOI) {
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // markers without a length field
            }
            int length = in.readUnsignedShort() - 2;
            long next = in.getStreamPosition() + length;
            if (marker == APP0 && length >= 5) {
                jfif = startsWith(in, "JFIF\0");
            } else if (marker == APP14 && length >= 12 && startsWith(in, "Adobe")) {
                in.skipBytes(6); // version, flags0, flags1
                transform = in.readUnsignedByte();
            } else if (isStartOfFrame(marker)) {
                in.skipBytes(5); // precision, height, width
                ids = new int[in.readUnsignedByte()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = in.readUnsignedByte();
                    in.skipBytes(2); // sampling factors, quantisation table
                }
            }
            in.seek(next);
        }
        in.seek(start);
        return new JpegColor(jfif, transform, ids);
    }

    /**
     * Returns how to convert the raw bands to RGB.
     *
     * @param bands the number of bands in the raw raster
     * @return the colour interpretation
     * @throws IllegalArgumentException if the band count is not 1, 3 or 4
     */
    RawColor rawColor(int bands) {
        switch (bands) {
            case 1:
                return RawColor.GRAY;
            case 3:
                if (jfif) {
                    return RawColor.YCBCR;
                }
                if (adobeTransform >= 0) {
                    return adobeTransform == 0 ? RawColor.RGB : RawColor.YCBCR;
                }
                boolean rgbIds =
                        componentIds.length == 3
                                && componentIds[0] == 'R'
                                && componentIds[1] == 'G'
                                && componentIds[2] == 'B';
                return rgbIds ? RawColor.RGB : RawColor.YCBCR;
            case 4:
                return adobeTransform == 2 ? RawColor.YCCK : RawColor.INVERTED_CMYK;
            default:
                throw new IllegalArgumentException("JPEG with " + bands + " colour components");
        }
    }

    private static int nextMarker(ImageInputStream in) throws IOException {
        // Skip anything up to a 0xFF, then any 0xFF fill bytes.
        int b = in.readUnsignedByte();
        while (b != 0xFF) {
            b = in.readUnsignedByte();
        }
        while (b == 0xFF) {
            b = in.readUnsignedByte();
        }
        return b;
    }

    private static boolean isStartOfFrame(int marker) {
        // C4 (Huffman tables), C8 (reserved) and CC (arithmetic conditioning) share the range.
        return marker >= 0xC0
                && marker <= 0xCF
                && marker != 0xC4
                && marker != 0xC8
                && marker != 0xCC;
    }

    private static boolean startsWith(ImageInputStream in, String tag) throws IOException {
        for (int i = 0; i < tag.length(); i++) {
            if (in.readUnsignedByte() != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
