package dev.annogan.datasets.image;

import dev.annogan.datasets.image.RasterToRgb.RawColor;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Decides how the raw bands of a JPEG are coloured, from the markers in its header.
 *
 * <p>The rules are libjpeg's (the decoder behind ImageIO, PIL and OpenCV): one band is grey; three
 * are YCbCr unless an Adobe marker says "no transform" or, without JFIF and Adobe markers, the
 * component ids spell R, G, B; four are CMYK, or YCCK when an Adobe marker says so. Four-band files
 * are read in Photoshop's inverted storage ({@code 255 - ink}) with or without an Adobe marker, as
 * PIL reads them: nearly all CMYK JPEGs come from Photoshop, and matching PIL keeps the colours a
 * network was trained on.
 */
final class JpegColor {

    private static final String NATIVE_FORMAT = "javax_imageio_jpeg_image_1.0";

    private JpegColor() {}

    /**
     * Reads the colour interpretation of a JPEG's raw bands.
     *
     * @param metadata the reader's image metadata
     * @param bands the number of bands in the raw raster
     * @return how to convert the bands to RGB
     * @throws IllegalArgumentException if the band count is not 1, 3 or 4
     */
    static RawColor of(IIOMetadata metadata, int bands) {
        Node root = metadata.getAsTree(NATIVE_FORMAT);
        boolean jfif = find(root, "app0JFIF") != null;
        Element adobe = (Element) find(root, "app14Adobe");
        int transform = adobe == null ? -1 : Integer.parseInt(adobe.getAttribute("transform"));
        switch (bands) {
            case 1:
                return RawColor.GRAY;
            case 3:
                if (jfif) {
                    return RawColor.YCBCR;
                }
                if (adobe != null) {
                    return transform == 0 ? RawColor.RGB : RawColor.YCBCR;
                }
                return componentIdsSpellRgb(root) ? RawColor.RGB : RawColor.YCBCR;
            case 4:
                return transform == 2 ? RawColor.YCCK : RawColor.INVERTED_CMYK;
            default:
                throw new IllegalArgumentException("JPEG with " + bands + " colour components");
        }
    }

    private static boolean componentIdsSpellRgb(Node root) {
        Node sof = find(root, "sof");
        if (sof == null) {
            return false;
        }
        int[] expected = {'R', 'G', 'B'};
        int i = 0;
        for (Node c = sof.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (i >= 3
                    || Integer.parseInt(((Element) c).getAttribute("componentId")) != expected[i]) {
                return false;
            }
            i++;
        }
        return i == 3;
    }

    /** Depth-first search for the first node with the given name. */
    private static Node find(Node node, String name) {
        if (name.equals(node.getNodeName())) {
            return node;
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            Node found = find(c, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
