package io.effnetspark.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Local disks: {@code O_CREAT|O_EXCL} and {@code rename(2)}. */
final class LocalLockStore implements LockStore {
  private final java.nio.file.Path file;

  LocalLockStore(java.nio.file.Path file) {
    this.file = file;
  }

  @Override
  public boolean createNew(byte[] content) throws IOException {
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(content);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  @Override
  public byte[] read() throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public Instant modified() throws IOException {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public void replace(byte[] content) throws IOException {
    java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.write(tmp, content);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public boolean moveTo(String name) throws IOException {
    try {
      Files.move(file, file.resolveSibling(name), StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  @Override
  public void writeSibling(String name, byte[] content) throws IOException {
    Files.write(file.resolveSibling(name), content);
  }

  @Override
  public byte[] takeSibling(String name) throws IOException {
    java.nio.file.Path sibling = file.resolveSibling(name);
    try {
      byte[] content = Files.readAllBytes(sibling);
      Files.deleteIfExists(sibling);
      return content;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public boolean restoreFrom(String name) throws IOException {
    // link(2) fails when the target exists: unlike rename(2), it never replaces a lock created meanwhile.
    java.nio.file.Path sibling = file.resolveSibling(name);
    try {
      Files.createLink(file, sibling);
      Files.deleteIfExists(sibling);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  @Override
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }

  @Override
  public boolean atomic() {
    return true;
  }

  @Override
  public String guarantee() {
    return "atomic on this local file system (the lock is created with O_CREAT|O_EXCL)";
  }
}
