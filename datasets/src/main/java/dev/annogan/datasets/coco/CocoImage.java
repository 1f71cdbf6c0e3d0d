package dev.annogan.datasets.coco;

/**
 * One entry of a COCO file's {@code images} list.
 *
 * @param id the image id, unique within the file
 * @param fileName the path of the image relative to the image folder
 * @param width the declared width in pixels
 * @param height the declared height in pixels
 * @param license the licence id, or {@code null} when the export omits it
 * @param cocoUrl the download address, or {@code null} when the export omits it
 */
public record CocoImage(
        long id, String fileName, int width, int height, Integer license, String cocoUrl) {}
