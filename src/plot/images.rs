//! The image data kind's pictures: the gallery of test images (a click chooses one), the
//! confusion matrix over the test split, and the first convolution's filters with every
//! layer's output (feature maps) for the chosen image.
//!
//! Images and maps are grey, white ink on black like the data (pixel 1 is ink, a large
//! activation is bright); filters use the diverging colours (blue positive, orange negative).
//! Each picture is one [`Cells`] through [`fill_cells`], so the page paints it with one
//! `drawImage`. Text is measured through the backend only.

use super::cells::{fill_cells, CellPainter, Cells};
use super::colors::{diverging, positive, faint, ink, paper};
use super::histogram::short;
use super::{bidi, Area, DrawResult};
use crate::engine::probe::{FeatureMap, Filters, GalleryImage};
use crate::i18n::{Lang, T};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

/// Wrong predictions: frame, label and the matrix's off-diagonal cells.
pub const RED: RGBColor = RGBColor(0xd0, 0x1c, 0x1c);
/// A right prediction's label.
const CALM: RGBColor = RGBColor(0x5a, 0x6a, 0x78);
const FAINT: RGBColor = RGBColor(0xf3, 0xf3, 0xf3);

type Rect = ((i32, i32), (i32, i32));

fn grey(b: u8) -> RGBColor {
    RGBColor(b, b, b)
}

fn lerp(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let m = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t.clamp(0.0, 1.0)).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

fn text<DB: DrawingBackend>(area: &Area<DB>, s: String, at: (i32, i32), size: u32, colour: RGBColor, pos: Pos) -> DrawResult<DB> {
    area.draw(&Text::new(s, at, super::colors::font(size as u32).into_font().color(&colour).pos(pos)))
}

/// The width of `s` at `size`, measured by the backend.
fn width_of<DB: DrawingBackend>(area: &Area<DB>, s: &str, size: u32) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    Ok(area.estimate_text_size(s, &super::colors::font(size as u32).into_font().color(&ink()))?.0 as i32)
}

/// The largest of `sizes` (descending) at which `s` is at most `max_w` pixels wide.
fn fitting<DB: DrawingBackend>(area: &Area<DB>, s: &str, max_w: i32, sizes: &[u32]) -> Result<Option<u32>, DrawingAreaErrorKind<DB::ErrorType>> {
    for &size in sizes {
        if width_of(area, s, size)? <= max_w {
            return Ok(Some(size));
        }
    }
    Ok(None)
}

/// A rectangle's outline `out` pixels outside `rect` (from inclusive, to exclusive).
fn frame<DB: DrawingBackend>(area: &Area<DB>, (from, to): Rect, out: i32, colour: RGBColor, width: u32) -> DrawResult<DB> {
    area.draw(&Rectangle::new([(from.0 - out, from.1 - out), (to.0 - 1 + out, to.1 - 1 + out)], colour.stroke_width(width)))
}

/// `cells` into `rect` of `area`'s own coordinates.
fn place<DB: DrawingBackend>(area: &Area<DB>, cells: &Cells, (from, to): Rect, painter: Option<&dyn CellPainter>) -> DrawResult<DB> {
    let (bx, by) = area.get_base_pixel();
    fill_cells(area, cells, (from.0 + bx, from.1 + by), (to.0 + bx, to.1 + by), painter)
}

// ---- Gallery ------------------------------------------------------------------------------

/// Images per gallery row.
pub const GALLERY_COLS: usize = 8;
/// Below each image: its label (and room for the frames above it).
const LABEL_H: i32 = 18;
const LABEL_DY: i32 = 5;
/// At least this much space between images; a click this close to an image still takes it.
const GAP: i32 = 8;
const GRAB: i32 = 3;

/// Where the gallery's images go on a canvas: shared by drawing and by click mapping.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GalleryLayout {
    pub n: usize,
    /// The width and height of one grid cell (image, label and gaps), in pixels.
    pitch: (f64, f64),
    /// The side of each (square) image box, in pixels.
    pub side: i32,
}

impl GalleryLayout {
    pub fn new(n: usize, (w, h): (u32, u32)) -> GalleryLayout {
        let rows = n.div_ceil(GALLERY_COLS).max(1);
        let pitch = (w as f64 / GALLERY_COLS as f64, h as f64 / rows as f64);
        let side = (pitch.0 as i32 - GAP).min(pitch.1 as i32 - GAP - LABEL_H).max(1);
        GalleryLayout { n, pitch, side }
    }

    /// Image `i`'s box in pixels, `from` inclusive, `to` exclusive.
    pub fn image(&self, i: usize) -> Rect {
        let (row, col) = ((i / GALLERY_COLS) as f64, (i % GALLERY_COLS) as f64);
        let s = self.side as f64;
        let x = (col * self.pitch.0 + (self.pitch.0 - s) / 2.0).round() as i32;
        let y = (row * self.pitch.1 + (self.pitch.1 - s - LABEL_H as f64) / 2.0).round() as i32;
        ((x, y), (x + self.side, y + self.side))
    }

    /// The image under pixel (x, y), if any: on the image or within [`GRAB`] pixels of it.
    pub fn at(&self, x: i32, y: i32) -> Option<usize> {
        let (col, row) = ((x as f64 / self.pitch.0).floor(), (y as f64 / self.pitch.1).floor());
        if col < 0.0 || row < 0.0 || col >= GALLERY_COLS as f64 {
            return None;
        }
        let i = row as usize * GALLERY_COLS + col as usize;
        let ((x0, y0), (x1, y1)) = self.image(i);
        (i < self.n && x >= x0 - GRAB && x < x1 + GRAB && y >= y0 - GRAB && y < y1 + GRAB).then_some(i)
    }
}

/// The gallery image a click at canvas pixel (x, y) chooses, on a canvas of `size` showing `n`.
pub fn gallery_cell_at(n: usize, size: (u32, u32), x: i32, y: i32) -> Option<usize> {
    GalleryLayout::new(n, size).at(x, y)
}

/// A class's name: digits as numerals, shapes by name.
pub fn class_name(dataset: crate::engine::DatasetKind, lang: Lang, class: usize) -> String {
    const SHAPES: [T; 10] = [
        T::ShapeCircle,
        T::ShapeSquare,
        T::ShapeTriangle,
        T::ShapeCross,
        T::ShapeRing,
        T::ShapeEllipse,
        T::ShapeHalfDisk,
        T::ShapeStar,
        T::ShapeCorner,
        T::ShapeBar,
    ];
    let Some(kind) = dataset.image_kind() else { return lang.digits(&class.to_string()) };
    if kind.is_shapes() {
        SHAPES.get(class + kind.shape_offset()).map(|&k| lang.t(k).to_string()).unwrap_or_else(|| lang.digits(&class.to_string()))
    } else {
        lang.digits(&(class + kind.label_offset() as usize).to_string())
    }
}

/// The canvas height that makes the gallery's images as large as its `width` allows.
pub fn gallery_height(n: usize, width: u32) -> u32 {
    let side = (width as i32 / GALLERY_COLS as i32 - GAP).max(1);
    (n.div_ceil(GALLERY_COLS).max(1) as i32 * (side + GAP + LABEL_H)) as u32
}

/// An image's first channel as grey cells.
fn image_cells(img: &GalleryImage, (height, width): (usize, usize)) -> Cells {
    Cells::from_fn(width, height, |r, c| grey(img.pixels.get(r * width + c).copied().unwrap_or(0))).crisp()
}

/// The test images in rows of [`GALLERY_COLS`], each with a label under it: its predicted
/// class (calm when right; when wrong, red and "true → predicted", with a red frame), or its
/// true class before there are predictions. The chosen image has a thick blue frame.
#[allow(clippy::too_many_arguments)]
pub fn draw_gallery<DB: DrawingBackend>(
    root: &Area<DB>,
    images: &[GalleryImage],
    (height, width): (usize, usize),
    predictions: Option<&[u8]>,
    chosen: Option<usize>,
    class_name: &dyn Fn(usize) -> String,
    lang: Lang,
    painter: Option<&dyn CellPainter>,
) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let layout = GalleryLayout::new(images.len(), root.dim_in_pixel());
    let room = (layout.pitch.0 as i32 - 2).max(1);
    for (i, img) in images.iter().enumerate() {
        let rect = layout.image(i);
        // Non-square images keep their shape, centred in the square box.
        let (h, w) = (height.max(1) as i32, width.max(1) as i32);
        let (bw, bh) = (layout.side * w / w.max(h), layout.side * h / w.max(h));
        let from = (rect.0 .0 + (layout.side - bw) / 2, rect.0 .1 + (layout.side - bh) / 2);
        place(root, &image_cells(img, (height, width)), (from, (from.0 + bw, from.1 + bh)), painter)?;
        let truth = img.label as usize;
        let predicted = predictions.and_then(|p| p.get(i)).map(|&p| p as usize);
        let (label, colour, short_label) = match predicted {
            None => (class_name(truth), ink(), None),
            Some(p) if p == truth => (class_name(p), CALM, None),
            Some(p) => {
                frame(root, rect, 1, RED, 2)?;
                let arrow = lang.t(T::ImgPredictedAs);
                let both = bidi(lang, format!("{} {arrow} {}", class_name(truth), class_name(p)));
                (both, RED, Some(bidi(lang, format!("{arrow} {}", class_name(p)))))
            }
        };
        if chosen == Some(i) {
            frame(root, rect, 3, positive(), 3)?;
        }
        let (label, size) = match (fitting(root, &label, room, &[11, 10, 9])?, short_label) {
            (Some(size), _) => (label, size),
            (None, Some(s)) => (s, 9),
            (None, None) => (label, 9),
        };
        let at = ((rect.0 .0 + rect.1 .0) / 2, rect.1 .1 + LABEL_DY);
        text(root, label, at, size, colour, Pos::new(HPos::Center, VPos::Top))?;
    }
    Ok(())
}

// ---- Confusion matrix ---------------------------------------------------------------------

const TITLE: i32 = 16;
const COL_LABELS: i32 = 16;

/// The k×k counts (row = true class, column = predicted), each cell shaded by its share of
/// its row (blue on the diagonal, red off it) with its count when it fits; right of each row
/// the share of that class classified correctly, as a percentage and a bar.
pub fn draw_confusion<DB: DrawingBackend>(
    root: &Area<DB>,
    confusion: &[u32],
    classes: usize,
    class_name: &dyn Fn(usize) -> String,
    lang: Lang,
) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let k = classes;
    if k == 0 || confusion.len() < k * k {
        return Ok(());
    }
    let (w, h) = root.dim_in_pixel();
    let names: Vec<String> = (0..k).map(class_name).collect();
    let name_w = names.iter().try_fold(0, |m, n| width_of(root, n, 11).map(|w| w.max(m)))?;
    let correct = lang.t(T::ImgCorrect).to_string();
    let acc_w = width_of(root, &lang.digits("100%"), 11)?.max(width_of(root, &correct, 10)?) + 10;
    let (x0, y0) = (TITLE + name_w + 6, TITLE + COL_LABELS);
    let side = ((w as i32 - x0 - acc_w) / k as i32).min((h as i32 - y0 - 4) / k as i32).max(1);
    let (x1, y1) = (x0 + side * k as i32, y0 + side * k as i32);
    let centre = |v0: i32, i: usize| v0 + side * i as i32 + side / 2;

    text(root, lang.t(T::ImgPredictedClass).to_string(), ((x0 + x1) / 2, 1), 12, ink(), Pos::new(HPos::Center, VPos::Top))?;
    let rotated = super::colors::font(12).into_font().transform(FontTransform::Rotate270).color(&ink()).pos(Pos::new(HPos::Center, VPos::Top));
    root.draw(&Text::new(lang.t(T::ImgTrueClass).to_string(), (1, (y0 + y1) / 2), rotated))?;
    text(root, correct, (x1 + 6, y0 - 2), 10, ink(), Pos::new(HPos::Left, VPos::Bottom))?;
    for (i, n) in names.iter().enumerate() {
        let size = fitting(root, n, side - 2, &[11, 10, 9])?.unwrap_or(8);
        text(root, n.clone(), (centre(x0, i), y0 - 2), size, ink(), Pos::new(HPos::Center, VPos::Bottom))?;
        text(root, n.clone(), (x0 - 4, centre(y0, i)), 11, ink(), Pos::new(HPos::Right, VPos::Center))?;
    }
    let count_size = (side as f64 * 0.42).clamp(8.0, 13.0) as u32;
    for t in 0..k {
        let row = &confusion[t * k..(t + 1) * k];
        let total: u32 = row.iter().sum();
        for (p, &count) in row.iter().enumerate() {
            let share = count as f64 / total.max(1) as f64;
            let shade = share.sqrt();
            let colour = if count == 0 { FAINT } else { lerp(FAINT, if p == t { positive() } else { RED }, shade) };
            let (cx, cy) = (x0 + side * p as i32, y0 + side * t as i32);
            root.draw(&Rectangle::new([(cx, cy), (cx + side - 2, cy + side - 2)], colour.filled()))?;
            if count == 0 && p != t {
                continue;
            }
            let s = lang.digits(&count.to_string());
            if width_of(root, &s, count_size)? <= side - 3 && count_size as i32 <= side {
                let colour = if shade > 0.6 { paper() } else { ink() };
                text(root, s, (cx + side / 2 - 1, cy + side / 2 - 1), count_size, colour, Pos::new(HPos::Center, VPos::Center))?;
            }
        }
        let acc = if total > 0 { lang.digits(&format!("{:.0}%", 100.0 * row[t] as f64 / total as f64)) } else { "–".into() };
        let mid = centre(y0, t);
        let bar = side >= 20 && total > 0;
        text(root, acc, (x1 + 6, if bar { mid - 3 } else { mid }), 11, ink(), Pos::new(HPos::Left, VPos::Center))?;
        if bar {
            let len = ((acc_w - 10) as f64 * row[t] as f64 / total as f64).round() as i32;
            root.draw(&Rectangle::new([(x1 + 6, mid + 5), (x1 + 6 + acc_w - 10, mid + 8)], faint().filled()))?;
            root.draw(&Rectangle::new([(x1 + 6, mid + 5), (x1 + 6 + len, mid + 8)], positive().filled()))?;
        }
    }
    Ok(())
}

// ---- Filters and feature maps -------------------------------------------------------------

/// The height of each row (the filters, then one per layer).
pub const MAP_ROW: i32 = 48;
const THUMB_MAX: f64 = 38.0;
const THUMB_GAP: i32 = 4;
const MIN_THUMB: f64 = 12.0;

/// The canvas height [`draw_feature_maps`] needs for these rows, at any width (with no maps,
/// one row holds the hint).
pub fn feature_maps_height(filters: Option<&Filters>, maps: &[FeatureMap]) -> u32 {
    (4 + MAP_ROW * (filters.is_some() as usize + maps.len().max(1)) as i32) as u32
}

/// Each filter summed over its input channels (its response to a grey image), K×K, on one
/// shared diverging scale; and that scale (the largest |weight|).
pub fn filter_cells(f: &Filters) -> (Vec<Cells>, f32) {
    let kk = f.kernel * f.kernel;
    let weight = |v: &[f32], i: usize| (0..f.channels.max(1)).map(|c| v.get(c * kk + i).copied().unwrap_or(0.0)).sum();
    let summed: Vec<Vec<f32>> = f.values.iter().map(|v| (0..kk).map(|i| weight(v, i)).collect()).collect();
    let m = summed.iter().flatten().filter(|v| v.is_finite()).fold(0.0f32, |m, v| m.max(v.abs()));
    let scale = if m > 0.0 { m } else { 1.0 };
    (summed.iter().map(|v| Cells::from_fn(f.kernel, f.kernel, |r, c| diverging(v[r * f.kernel + c] / scale, 1.0))).collect(), m)
}

/// A layer's channels, each as grey cells (a dense layer: one strip of units).
pub fn map_cells(m: &FeatureMap) -> Vec<Cells> {
    let len = m.height * m.width;
    (0..m.channels).map(|ch| Cells::from_fn(m.width, m.height, |r, c| grey(m.values.get(ch * len + r * m.width + c).copied().unwrap_or(0)))).collect()
}

/// One row per layer: first the first convolution's filters, then each layer's output for the
/// chosen image (at most 16 channels; "+N" for the rest), with the layer's name and the range
/// of its values (black = low end, white = high end) at the row's start.
pub fn draw_feature_maps<DB: DrawingBackend>(
    root: &Area<DB>,
    filters: Option<&Filters>,
    maps: &[FeatureMap],
    layer_names: &[String],
    lang: Lang,
    painter: Option<&dyn CellPainter>,
) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let w = root.dim_in_pixel().0 as i32;
    // (name, caption, pictures, channels not shown)
    let mut rows: Vec<(String, String, Vec<Cells>, usize)> = vec![];
    if let Some(f) = filters {
        let (cells, m) = filter_cells(f);
        let k = lang.digits(&f.kernel.to_string());
        rows.push((bidi(lang, format!("{} {k}×{k}", lang.t(T::ImgFilters))), format!("± {}", short(m as f64, lang)), cells, 0));
    }
    for (i, m) in maps.iter().enumerate() {
        let name = layer_names.get(i).cloned().unwrap_or_else(|| lang.digits(&(i + 1).to_string()));
        let range = format!("{} … {}", short(m.lo as f64, lang), short(m.hi as f64, lang));
        rows.push((bidi(lang, name), range, map_cells(m), m.total_channels.saturating_sub(m.channels)));
    }
    let name_w = rows.iter().try_fold(0, |m, (name, range, _, _)| Ok(m.max(width_of(root, name, 11)?).max(width_of(root, range, 10)?)))?;
    let x0 = (name_w + 12).min(w / 3);
    for (r, (name, range, cells, hidden)) in rows.into_iter().enumerate() {
        let y0 = 4 + MAP_ROW * r as i32;
        text(root, name, (4, y0 + 4), 11, ink(), Pos::new(HPos::Left, VPos::Top))?;
        text(root, range, (4, y0 + 19), 10, CALM, Pos::new(HPos::Left, VPos::Top))?;
        let Some(first) = cells.first() else { continue };
        let (cols, rws) = (first.cols.max(1), first.rows.max(1));
        let n = cells.len();
        // Room for "+N" when some channels are not shown.
        let crowded = hidden > 0 || n as i32 * (MIN_THUMB as i32 + THUMB_GAP) > w - x0 - 4;
        let avail = w - x0 - 4 - if crowded { width_of(root, &lang.digits("+99"), 11)? + 6 } else { 0 };
        // Pixels per image pixel: as large as fits the row (at most 16 for a strip of units);
        // rather than pictures narrower than MIN_THUMB, fewer of them.
        let strip = if rws == 1 { 16.0 } else { f64::INFINITY };
        let mut unit = (THUMB_MAX / rws as f64).min((avail - n as i32 * THUMB_GAP) as f64 / (n * cols) as f64).min(strip);
        let mut shown = n;
        if cols as f64 * unit < MIN_THUMB && n > 1 {
            shown = ((avail + THUMB_GAP) / (MIN_THUMB as i32 + THUMB_GAP)).clamp(1, n as i32) as usize;
            unit = (MIN_THUMB / cols as f64).min(THUMB_MAX / rws as f64);
        }
        let (tw, th) = ((cols as f64 * unit).round() as i32, (rws as f64 * unit).round() as i32);
        let ty = y0 + (MAP_ROW - 6 - th) / 2;
        let mut x = x0;
        for c in &cells[..shown] {
            let rect = ((x, ty), (x + tw, ty + th));
            place(root, c, rect, painter)?;
            frame(root, rect, 1, faint(), 1)?;
            x += tw + THUMB_GAP;
        }
        let hidden = hidden + n - shown;
        if hidden > 0 {
            text(root, format!("+{}", lang.digits(&hidden.to_string())), (x + 2, ty + th / 2), 11, CALM, Pos::new(HPos::Left, VPos::Center))?;
        }
    }
    if maps.is_empty() {
        let y = 4 + MAP_ROW * filters.is_some() as i32 + MAP_ROW / 2;
        text(root, lang.t(T::ImgMapsHint).to_string(), (w / 2, y), 12, CALM, Pos::new(HPos::Center, VPos::Center))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::svg_of;
    use super::*;
    use std::cell::RefCell;

    use crate::plot::cells::recorder::{Painted, Recorder};

    /// The words of every text element, as a student reads them.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text").skip(1).map(|t| t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()].trim().to_string()).collect()
    }

    fn name(lang: Lang) -> impl Fn(usize) -> String {
        move |c| lang.digits(&c.to_string())
    }

    #[test]
    fn gallery_marks_the_wrong_image_and_the_chosen_one() {
        // 12 images of 4×4, image i of class i % 10; image 3 predicted as 8, the rest right.
        let pixels = |i: usize| (0..16).map(|p| (p * 16 + i) as u8).collect();
        let images: Vec<_> = (0..12).map(|i| GalleryImage { label: (i % 10) as u8, pixels: pixels(i) }).collect();
        let mut predictions: Vec<u8> = images.iter().map(|g| g.label).collect();
        predictions[3] = 8;
        for (lang, wrong, right) in [(Lang::En, "3 → 8", "7"), (Lang::Fa, "۳ ← ۸", "۷")] {
            let svg = svg_of(480, 480, |r| draw_gallery(r, &images, (4, 4), Some(&predictions), Some(9), &name(lang), lang, None).unwrap());
            assert_eq!(svg.matches(wrong).count(), 1, "{wrong} in {svg}");
            assert_eq!(svg.matches(r##"stroke="#D01C1C""##).count(), 1, "one red frame");
            assert_eq!(svg.matches(r##"stroke="#0877BD""##).count(), 1, "one chosen frame");
            assert!(svg.contains(r##"fill="#D01C1C""##), "the wrong label is red");
            assert!(texts(&svg).contains(&right.to_string()), "a right prediction named");
        }
        // Before predictions: the true classes, no frames; one painted picture per image.
        let rec = Recorder(RefCell::new(vec![]));
        let svg = svg_of(480, 480, |r| draw_gallery(r, &images, (4, 4), None, None, &name(Lang::En), Lang::En, Some(&rec)).unwrap());
        assert!(!svg.contains("D01C1C") && texts(&svg).contains(&"3".to_string()));
        let layout = GalleryLayout::new(12, (480, 480));
        let painted = rec.0.borrow();
        assert_eq!(painted.len(), 12);
        assert!(painted.iter().enumerate().all(|(i, &(dims, from, to))| dims == (4, 4) && (from, to) == layout.image(i)));
    }

    #[test]
    fn clicks_map_to_images_and_gaps_to_none() {
        let size = (480, gallery_height(64, 480));
        let layout = GalleryLayout::new(64, size);
        assert!(layout.side >= 50, "the height given makes large images: {}", layout.side);
        let ((x0, y0), (x1, y1)) = layout.image(9);
        assert_eq!(gallery_cell_at(64, size, (x0 + x1) / 2, (y0 + y1) / 2), Some(9));
        assert_eq!(gallery_cell_at(64, size, x0, y1 - 1), Some(9));
        // Between images 8 and 9, in image 9's label, outside.
        assert_eq!(gallery_cell_at(64, size, x0 - GAP / 2 - 1, (y0 + y1) / 2), None);
        assert_eq!(gallery_cell_at(64, size, (x0 + x1) / 2, y1 + LABEL_DY + 6), None);
        assert_eq!(gallery_cell_at(64, size, -5, 10), None);
        // Only 10 images: the second row's third cell is empty.
        let ((a, b), (c, d)) = GalleryLayout::new(10, (480, 480)).image(10);
        assert_eq!(gallery_cell_at(10, (480, 480), (a + c) / 2, (b + d) / 2), None);
    }

    #[test]
    fn confusion_shows_counts_titles_and_per_class_accuracy() {
        let confusion = [5, 1, 0, 2, 7, 1, 0, 0, 9];
        for lang in [Lang::En, Lang::Fa] {
            let svg = svg_of(360, 360, |root| draw_confusion(root, &confusion, 3, &name(lang), lang).unwrap());
            let texts = texts(&svg);
            for count in ["5", "1", "2", "7", "9"] {
                assert!(texts.contains(&lang.digits(count)), "count {count}");
            }
            // "0" twice: the class labels only; zero cells off the diagonal stay blank.
            assert_eq!(texts.iter().filter(|t| **t == lang.digits("0")).count(), 2);
            for key in [T::ImgTrueClass, T::ImgPredictedClass, T::ImgCorrect] {
                assert!(texts.contains(&lang.t(key).to_string()), "{key:?}");
            }
            assert!(svg.contains(r#"transform="rotate(270"#), "the rows' title runs upwards");
            for acc in ["83%", "70%", "100%"] {
                assert!(texts.contains(&lang.digits(acc)), "{acc}");
            }
        }
        // Ten classes in a small canvas: counts that no longer fit are left out.
        let big: Vec<u32> = (0..100).map(|i| if i % 11 == 0 { 12345 } else { 0 }).collect();
        assert!(!svg_of(120, 120, |root| draw_confusion(root, &big, 10, &name(Lang::En), Lang::En).unwrap()).contains("12345"));
    }

    fn map(channels: usize, total_channels: usize, height: usize, width: usize) -> FeatureMap {
        let values = (0..channels * height * width).map(|i| (i * 7 % 256) as u8).collect();
        FeatureMap { channels, height, width, total_channels, lo: -0.5, hi: 2.5, values }
    }

    #[test]
    fn feature_maps_show_filters_channels_and_strips() {
        let values = (0..4).map(|f| (0..9).map(|i| (i + f) as f32 - 4.0).collect()).collect();
        let filters = Filters { kernel: 3, channels: 1, values };
        let (cells, m) = filter_cells(&filters);
        assert_eq!((cells.len(), m), (4, 7.0));
        assert_eq!((cells[3].get(2, 2), cells[0].get(0, 0)), (positive(), diverging(-4.0 / 7.0, 1.0)), "largest weight blue, negative orange");
        let maps = [map(4, 8, 6, 6), map(1, 1, 1, 10), map(16, 32, 32, 32), map(16, 16, 8, 8)];
        let names = ["c8k3 · 6×6×8".to_string(), "d10".to_string()];
        for lang in [Lang::En, Lang::Fa] {
            let rec = Recorder(RefCell::new(vec![]));
            let h = feature_maps_height(Some(&filters), &maps);
            let svg = svg_of(480, h, |root| draw_feature_maps(root, Some(&filters), &maps, &names, lang, Some(&rec)).unwrap());
            let texts = texts(&svg);
            assert!(svg.contains("c8k3 · 6×6×8") && svg.contains("d10"));
            assert!(texts.contains(&bidi(lang, format!("{} {}×{}", lang.t(T::ImgFilters), lang.digits("3"), lang.digits("3")))));
            for hidden in ["4", "16"] {
                assert!(texts.contains(&format!("+{}", lang.digits(hidden))), "+{hidden} channels not shown");
            }
            assert!(texts.contains(&bidi(lang, lang.digits("4"))), "an unnamed layer is numbered");
            assert!(texts.contains(&format!("{} … {}", short(-0.5, lang), short(2.5, lang))), "the value range");
            let painted = rec.0.borrow();
            let all = [vec![(3, 3); 4], vec![(6, 6); 4], vec![(10, 1)], vec![(32, 32); 16], vec![(8, 8); 16]].concat();
            assert_eq!(painted.iter().map(|p| p.0).collect::<Vec<_>>(), all, "every channel sent is shown");
            let (_, from, to) = painted[8];
            assert!(to.0 - from.0 == 10 * (to.1 - from.1) && to.1 - from.1 >= 8, "the strip: square units {from:?} {to:?}");
            let inside = |&(_, from, to): &Painted| from.1 >= 0 && to.0 <= 480 && to.1 <= h as i32 && to.1 - from.1 < MAP_ROW;
            assert!(painted.iter().all(|p| inside(p) && p.2 .0 - p.1 .0 >= MIN_THUMB as i32), "{painted:?}");
        }
        // Too narrow for 16 pictures: fewer, none narrower than MIN_THUMB, within the canvas.
        let rec = Recorder(RefCell::new(vec![]));
        svg_of(240, feature_maps_height(None, &maps[2..3]), |root| draw_feature_maps(root, None, &maps[2..3], &names, Lang::En, Some(&rec)).unwrap());
        let painted = rec.0.borrow();
        assert!((1..16).contains(&painted.len()), "{}", painted.len());
        assert!(painted.iter().all(|&(_, from, to)| to.0 - from.0 >= MIN_THUMB as i32 && to.0 <= 240 - 20), "room for +N: {painted:?}");
        // Without maps: the hint; natively the pictures are rectangles.
        let svg = svg_of(480, feature_maps_height(Some(&filters), &[]), |root| draw_feature_maps(root, Some(&filters), &[], &[], Lang::Fa, None).unwrap());
        assert!(svg.contains(Lang::Fa.t(T::ImgMapsHint)) && svg.matches("<rect").count() > 4 * 3);
    }
}

// ---- Image preparation and augmentation (issue 11) ----------------------------------------

/// Bins of the before/after histograms.
pub const PREP_BINS: usize = 16;
const PREP_ROW: i32 = 64;
const PREP_HEAD: i32 = 18;

/// The canvas height for `n` before/after rows.
pub fn prep_samples_height(n: usize) -> u32 {
    (PREP_HEAD + n.max(1) as i32 * PREP_ROW) as u32
}

fn grey_cells(pixels: &[u8], (height, width): (usize, usize)) -> Cells {
    Cells::from_fn(width, height, |r, c| grey(pixels.get(r * width + c).copied().unwrap_or(0))).crisp()
}

/// A histogram of byte values in `rect`: bars over [`PREP_BINS`] equal bins, the range's ends
/// written under it.
fn byte_histogram<DB: DrawingBackend>(area: &Area<DB>, values: &[u8], (lo, hi): (f32, f32), ((x0, y0), (x1, y1)): Rect, lang: Lang) -> DrawResult<DB> {
    let as_f32: Vec<f32> = values.iter().map(|&v| v as f32).collect();
    let bins = crate::engine::imageprep::histogram(&as_f32, 0.0, 256.0, PREP_BINS);
    let top = bins.iter().copied().max().unwrap_or(1).max(1) as f64;
    let base = y1 - 12;
    area.draw(&PathElement::new(vec![(x0, base), (x1, base)], faint().stroke_width(super::colors::stroke(1))))?;
    let bw = (x1 - x0) as f64 / PREP_BINS as f64;
    for (i, &b) in bins.iter().enumerate() {
        let h = ((base - y0) as f64 * b as f64 / top).round() as i32;
        if h > 0 {
            let (a, z) = (x0 + (i as f64 * bw).round() as i32, x0 + ((i + 1) as f64 * bw).round() as i32 - 1);
            area.draw(&Rectangle::new([(a, base - h), (z.max(a + 1), base)], CALM.filled()))?;
        }
    }
    text(area, short(lo as f64, lang), (x0, base + 2), 9, CALM, Pos::new(HPos::Left, VPos::Top))?;
    text(area, short(hi as f64, lang), (x1, base + 2), 9, CALM, Pos::new(HPos::Right, VPos::Top))
}

/// A few training images before preparation (as the camera gave them) and after it, each
/// followed by its histogram: one row per image, "before" on the reading side's start.
pub fn draw_prep_samples<DB: DrawingBackend>(
    root: &Area<DB>,
    samples: &[crate::engine::probe::PrepSample],
    (height, width): (usize, usize),
    lang: Lang,
    painter: Option<&dyn CellPainter>,
) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let (w, _) = root.dim_in_pixel();
    let w = w as i32;
    let half = w / 2;
    let side = PREP_ROW - 10;
    let rtl = lang.dir() == "rtl";
    // Column x of a part, mirrored for right-to-left.
    let at = |x: i32, span: i32| if rtl { w - x - span } else { x };
    for (k, title) in [(0i32, lang.t(T::PrepBefore)), (1, lang.t(T::PrepAfter))] {
        text(root, title.to_string(), (at(k * half, half) + half / 2, 2), 12, ink(), Pos::new(HPos::Center, VPos::Top))?;
    }
    for (i, s) in samples.iter().enumerate() {
        let y = PREP_HEAD + i as i32 * PREP_ROW + 4;
        for (k, (pixels, range)) in [(0i32, (&s.before, (0.0, 1.0))), (1, (&s.after, (s.lo, s.hi)))] {
            let x = at(k * half + 4, side);
            place(root, &grey_cells(pixels, (height, width)), ((x, y), (x + side, y + side)), painter)?;
            let hist_w = half - side - 16;
            let hx = at(k * half + side + 10, hist_w);
            byte_histogram(root, pixels, range, ((hx, y), (hx + hist_w, y + side)), lang)?;
        }
    }
    Ok(())
}

/// Images in a grid of `cols` columns (the augmentation preview: the first is the original,
/// framed in blue).
pub fn draw_image_grid<DB: DrawingBackend>(root: &Area<DB>, images: &[Vec<u8>], (height, width): (usize, usize), cols: usize, painter: Option<&dyn CellPainter>) -> DrawResult<DB> {
    super::ensure_fonts();
    root.fill(&paper())?;
    let (w, h) = root.dim_in_pixel();
    let cols = cols.max(1);
    let rows = images.len().div_ceil(cols).max(1);
    let pitch = ((w as i32) / cols as i32).min(h as i32 / rows as i32);
    let side = (pitch - 6).max(1);
    for (i, img) in images.iter().enumerate() {
        let (r, c) = ((i / cols) as i32, (i % cols) as i32);
        let from = (c * pitch + 3, r * pitch + 3);
        place(root, &grey_cells(img, (height, width)), (from, (from.0 + side, from.1 + side)), painter)?;
        if i == 0 {
            frame(root, (from, (from.0 + side, from.1 + side)), 2, positive(), 2)?;
        }
    }
    Ok(())
}
