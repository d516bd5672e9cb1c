package io.effnetspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.effnetspark.job.InputFiles.Skip;
import org.junit.jupiter.api.Test;

/** Which listed files get a row, by relative path. */
class InputFilesTest {
  @Test
  void visibleFilesWithAnImageExtensionGetARowInAnyCase() {
    for (String p : new String[] {"a.jpg", "b/c.JPEG", "d.Png", "e.tif", "f.TIFF", "g.webp", "h.gif", "i.bmp",
        "j.heic", "k.avif", "deep/er/l.jfif", "_DSC0001.JPG", "_folder/m.png"}) {
      assertNull(InputFiles.classify(p, false), p);
    }
  }

  @Test
  void dotFilesAppleDoubleFilesAndFilesInDotFoldersAreHidden() {
    for (String p : new String[] {".a.jpg", "b/._c.jpg", ".DS_Store", ".thumbnails/d.png", "x/.cache/y/e.png"}) {
      assertEquals(Skip.HIDDEN, InputFiles.classify(p, false), p);
    }
  }

  @Test
  void namesWithoutAnImageExtensionAreSkipped() {
    for (String p : new String[] {"notes.txt", "_SUCCESS", "part-00000.parquet", "Thumbs.db", "jpg", "a.jpg.bak"}) {
      assertEquals(Skip.NOT_IMAGE_EXTENSION, InputFiles.classify(p, false), p);
    }
  }

  @Test
  void includeAllGivesEveryFileARow() {
    for (String p : new String[] {".a.jpg", "b/._c.jpg", "notes.txt", "_SUCCESS", ".thumbnails/d.png"}) {
      assertNull(InputFiles.classify(p, true), p);
    }
  }
}
