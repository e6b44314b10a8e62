package io.github.pneumo.spark;

import io.github.pneumo.PneumoException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;

/**
 * Reads whole files through Hadoop's {@link FileSystem} (local, HDFS, S3A… whatever the cluster's Hadoop
 * configuration knows), on executors: the driver's Hadoop configuration travels as a map.
 */
final class HadoopFiles implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The largest file read: what a Java array can hold, as {@code Dicom} accepts. */
  static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 64;

  private final Map<String, String> settings;
  private transient @Nullable Configuration conf;

  private HadoopFiles(Map<String, String> settings) {
    this.settings = settings;
  }

  /**
   * Captures the session's Hadoop configuration.
   *
   * @param spark the session
   * @return the reader
   */
  static HadoopFiles of(SparkSession spark) {
    Map<String, String> settings = new HashMap<>();
    spark.sparkContext().hadoopConfiguration().forEach(e -> settings.put(e.getKey(), e.getValue()));
    return new HadoopFiles(settings);
  }

  private Configuration conf() {
    if (conf == null) {
      Configuration c = new Configuration(false);
      settings.forEach(c::set);
      conf = c;
    }
    return conf;
  }

  /**
   * Reads a file.
   *
   * @param path a Hadoop path string, as Spark's file sources write it (e.g. {@code file:/data/a.dcm})
   * @return its bytes
   * @throws PneumoException naming the path when it is missing, unreadable or larger than {@link
   *     #MAX_FILE_SIZE}
   */
  byte[] read(String path) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      FileSystem fs = p.getFileSystem(conf());
      FileStatus status = fs.getFileStatus(p);
      if (!status.isFile()) {
        throw new PneumoException(path + ": not a regular file");
      }
      if (status.getLen() > MAX_FILE_SIZE) {
        throw new PneumoException(path + ": file of " + status.getLen() + " bytes is too large (limit "
            + MAX_FILE_SIZE + ")");
      }
      byte[] bytes = new byte[(int) status.getLen()];
      try (InputStream in = fs.open(p)) {
        int n = in.readNBytes(bytes, 0, bytes.length);
        if (n != bytes.length || in.read() != -1) {
          throw new PneumoException(path + ": file changed while it was read (" + n + " of " + bytes.length
              + " bytes)");
        }
      }
      return bytes;
    } catch (IOException e) {
      throw new PneumoException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether a path exists.
   *
   * @param path a Hadoop path string
   * @return true if it exists
   * @throws PneumoException when the file system cannot be reached
   */
  boolean exists(String path) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      return p.getFileSystem(conf()).exists(p);
    } catch (IOException e) {
      throw new PneumoException("cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * A local-looking path for messages and for the readers that name their input: the file's path for
   * {@code file:} URIs, the whole URI otherwise.
   *
   * @param path a Hadoop path string
   * @return a {@link java.nio.file.Path}
   */
  static java.nio.file.Path displayPath(String path) {
    URI uri = new org.apache.hadoop.fs.Path(path).toUri();
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      return java.nio.file.Path.of(uri.getPath());
    }
    return java.nio.file.Path.of(path);
  }
}
