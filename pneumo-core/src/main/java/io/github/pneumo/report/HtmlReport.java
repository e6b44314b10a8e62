package io.github.pneumo.report;

import com.google.common.html.HtmlEscapers;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A self-contained HTML report: a table of scores, then figures (embedded as base64 PNG) with captions.
 * Build it with {@link #builder(String)}; output is deterministic.
 */
public final class HtmlReport {
  private final String html;

  private HtmlReport(String html) {
    this.html = html;
  }

  /**
   * A new report builder.
   *
   * @param title the page title
   * @return the builder
   */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** @return the HTML text */
  public String html() {
    return html;
  }

  /**
   * Writes the report atomically.
   *
   * @param file the HTML file
   */
  public void write(Path file) {
    Png.writeAtomically(file, html.getBytes(StandardCharsets.UTF_8));
  }

  /** Collects the report's parts; not thread-safe. */
  public static final class Builder {
    private final String title;
    private final List<String[]> scores = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();

    private Builder(String title) {
      this.title = title;
    }

    /**
     * Adds a row to the score table.
     *
     * @param name what is measured
     * @param value its value, as text
     * @return this builder
     */
    public Builder score(String name, String value) {
      scores.add(new String[] {name, value});
      return this;
    }

    /**
     * Adds a figure.
     *
     * @param heading the section heading
     * @param image the picture, embedded as PNG
     * @param caption a caption
     * @return this builder
     */
    public Builder figure(String heading, BufferedImage image, String caption) {
      String data = Base64.getEncoder().encodeToString(Png.encode(image));
      sections.add("<h2>" + esc(heading) + "</h2>\n<figure><img alt=\"" + esc(heading)
          + "\" src=\"data:image/png;base64," + data + "\"><figcaption>" + esc(caption)
          + "</figcaption></figure>\n");
      return this;
    }

    /**
     * Adds a row of pictures (e.g. overlays) under one heading.
     *
     * @param heading the section heading
     * @param images the pictures
     * @param captions one caption per picture
     * @return this builder
     */
    public Builder gallery(String heading, List<BufferedImage> images, List<String> captions) {
      StringBuilder sb = new StringBuilder("<h2>" + esc(heading) + "</h2>\n<div class=\"gallery\">\n");
      for (int i = 0; i < images.size(); i++) {
        String data = Base64.getEncoder().encodeToString(Png.encode(images.get(i)));
        sb.append("<figure><img alt=\"").append(esc(captions.get(i))).append("\" src=\"data:image/png;base64,")
            .append(data).append("\"><figcaption>").append(esc(captions.get(i))).append("</figcaption></figure>\n");
      }
      sections.add(sb.append("</div>\n").toString());
      return this;
    }

    /**
     * Builds the report.
     *
     * @return the report
     */
    public HtmlReport build() {
      StringBuilder sb = new StringBuilder();
      sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
          .append(esc(title)).append("</title>\n<style>\n")
          .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1240px;margin:2em auto;")
          .append("padding:0 1em;color:#222}\nh1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;")
          .append("border-bottom:1px solid #ddd;padding-bottom:.2em}\n")
          .append("table{border-collapse:collapse}td,th{padding:.35em .9em;border-bottom:1px solid #eee;")
          .append("text-align:left}td.v{font-variant-numeric:tabular-nums;text-align:right}\n")
          .append("figure{margin:0 0 1em}img{max-width:100%;height:auto;border:1px solid #ddd}")
          .append("figcaption{color:#666;font-size:.9em}\n")
          .append(".gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:12px}\n")
          .append("</style>\n</head>\n<body>\n<h1>").append(esc(title)).append("</h1>\n");
      if (!scores.isEmpty()) {
        sb.append("<table>\n");
        for (String[] row : scores) {
          sb.append("<tr><th>").append(esc(row[0])).append("</th><td class=\"v\">").append(esc(row[1]))
              .append("</td></tr>\n");
        }
        sb.append("</table>\n");
      }
      sections.forEach(sb::append);
      sb.append("</body>\n</html>\n");
      return new HtmlReport(sb.toString());
    }

    private static String esc(String s) {
      return HtmlEscapers.htmlEscaper().escape(s);
    }
  }
}
