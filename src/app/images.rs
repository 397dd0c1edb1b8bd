//! The image data kind's panel: the test gallery with each image's predicted class (wrong
//! ones marked; a click or the arrow keys choose one), the confusion matrix with per-class
//! accuracy, and the chosen image's feature maps layer by layer with the first layer's
//! filters. Runs A and B side by side when comparing. Drawing is `plot::images`.

use super::canvas::draw_on;
use super::widgets::{self, SavePng, Which};
use super::{Engine, ImageRun, RunState, Runs};
use crate::i18n::{Lang, T};
use crate::plot::images::class_name;
use crate::plot::images::{draw_confusion, draw_feature_maps, draw_gallery, feature_maps_height, gallery_cell_at};
use crate::protocol::Command;
use crate::settings::Settings;
use leptos::html::Canvas;
use leptos::prelude::*;

const GALLERY_SIZE: (u32, u32) = (420, 560);
const CONFUSION_SIZE: (u32, u32) = (360, 360);
const MAPS_WIDTH: u32 = 520;

/// The panel, for run A and (when comparing) run B.
#[component]
pub fn ImagePanel() -> impl IntoView {
    let runs = expect_context::<Runs>();
    let settings = expect_context::<RwSignal<Settings>>();
    let comparing = move || settings.with(|s| s.page.compare);
    // The gallery image whose feature maps are shown (shared by both runs: same data).
    let chosen = RwSignal::new(None::<usize>);
    let engine = expect_context::<Engine>();
    Effect::new(move |_| engine.send(Command::ChooseImage { index: chosen.get() }));
    view! {
        <div class="images">
            <RunImages run=runs.a which=Which::A chosen />
            <Show when=comparing>
                <RunImages run=runs.b which=Which::B chosen />
            </Show>
        </div>
    }
}

#[component]
fn RunImages(run: RunState, which: Which, chosen: RwSignal<Option<usize>>) -> impl IntoView {
    let settings = expect_context::<RwSignal<Settings>>();
    let lang = Signal::derive(move || settings.with(|s| s.page.lang));
    let dataset = Signal::derive(move || settings.with(|s| which.settings(s).run.dataset));
    let gallery = NodeRef::<Canvas>::new();
    let confusion = NodeRef::<Canvas>::new();
    let maps = NodeRef::<Canvas>::new();
    let maps_height = RwSignal::new(200u32);

    Effect::new(move |_| {
        let Some(c) = gallery.get() else { return };
        let (l, d, pick) = (lang.get(), dataset.get(), chosen.get());
        run.images.with(|img| {
            let Some(img) = img else { return };
            run.view.with(|v| {
                let predictions = v.as_ref().and_then(|v| v.as_images()).map(|v| v.predictions.as_slice());
                let name = |k: usize| class_name(d, l, k);
                draw_on(&c, |root, p| draw_gallery(root, &img.gallery, (img.height, img.width), predictions, pick, &name, l, p));
                if predictions.is_some() && which == Which::A {
                    // For the benchmark: navigation to the first drawn predictions.
                    widgets::mark_once("descent:first-view");
                }
            });
        });
    });
    Effect::new(move |_| {
        let Some(c) = confusion.get() else { return };
        let (l, d) = (lang.get(), dataset.get());
        run.view.with(|v| {
            let Some(v) = v.as_ref().and_then(|v| v.as_images()) else { return };
            let name = |k: usize| class_name(d, l, k);
            draw_on(&c, |root, _| draw_confusion(root, &v.confusion, v.classes(), &name, l));
        });
    });
    Effect::new(move |_| {
        let Some(c) = maps.get() else { return };
        let l = lang.get();
        let names = settings.with(|s| layer_names(&which.settings(s), l));
        run.view.with(|v| {
            let Some(v) = v.as_ref().and_then(|v| v.as_images()) else { return };
            let h = feature_maps_height(v.filters.as_ref(), &v.maps);
            if h != maps_height.get_untracked() {
                maps_height.set(h);
                c.set_height(h);
            }
            draw_on(&c, |root, p| draw_feature_maps(root, v.filters.as_ref(), &v.maps, &names, l, p));
        });
    });

    let count = move || run.images.with(|i| i.as_ref().map_or(0, |i| i.gallery.len()));
    let pick_at = move |ev: web_sys::MouseEvent| {
        let Some(c) = gallery.get_untracked() else { return };
        let sx = c.width() as f64 / c.client_width().max(1) as f64;
        let sy = c.height() as f64 / c.client_height().max(1) as f64;
        let (x, y) = ((ev.offset_x() as f64 * sx) as i32, (ev.offset_y() as f64 * sy) as i32);
        if let Some(i) = gallery_cell_at(count(), GALLERY_SIZE, x, y) {
            chosen.set(if chosen.get_untracked() == Some(i) { None } else { Some(i) });
        }
    };
    // Arrow keys move the choice (8 images a row); Escape clears it.
    let keys = move |ev: web_sys::KeyboardEvent| {
        let n = count();
        if n == 0 {
            return;
        }
        // The gallery is laid out left to right in both languages.
        let step: isize = match ev.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            "ArrowDown" => 8,
            "ArrowUp" => -8,
            "Escape" => {
                chosen.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        let next = chosen.get_untracked().map_or(0, |i| (i as isize + step).clamp(0, n as isize - 1) as usize);
        chosen.set(Some(next));
    };
    let t = move |k: T| move || lang.get().t(k);
    let prefix = move || if which == Which::B { format!("{}: ", lang.get().t(T::RunB)) } else { String::new() };
    // What the canvases show, in words (screen readers; also the visible summary line).
    let summary = move || {
        let l = lang.get();
        let d = dataset.get();
        run.images.with(|img| {
            let Some(img) = img else { return String::new() };
            run.view.with(|v| {
                let mut s = summary_line(img, l);
                if let Some(v) = v.as_ref().and_then(|v| v.as_images()) {
                    let wrong = img.gallery.iter().zip(&v.predictions).filter(|(g, p)| g.label != **p).count();
                    s += &format!(" · {} {}", l.digits(&wrong.to_string()), l.t(T::WrongShown));
                    let per: Vec<String> = v
                        .per_class()
                        .iter()
                        .enumerate()
                        .map(|(k, &(n, right))| {
                            let acc = if n > 0 { right as f64 / n as f64 * 100.0 } else { 0.0 };
                            format!("{} {}", class_name(d, l, k), l.digits(&format!("{acc:.0}%")))
                        })
                        .collect();
                    s += &format!(" · {}: {}", l.t(T::PerClassAccuracy), per.join(", "));
                }
                s
            })
        })
    };
    let chosen_line = move || {
        let l = lang.get();
        match chosen.get() {
            Some(i) => format!("{} {}", l.t(T::ChosenImage), l.digits(&(i + 1).to_string())),
            None => l.t(T::ChooseImageHint).to_string(),
        }
    };
    view! {
        <div class="run-images">
            <p class="image-summary" aria-live="polite">{move || format!("{}{}", prefix(), summary())}</p>
            <figure class="gallery">
                <figcaption>{move || format!("{}{}", prefix(), lang.get().t(T::GalleryTitle))}<SavePng canvas=gallery name="gallery" title=T::GalleryTitle /></figcaption>
                <canvas dir="ltr" node_ref=gallery width=GALLERY_SIZE.0 height=GALLERY_SIZE.1 role="img" tabindex="0"
                    on:click=pick_at on:keydown=keys
                    aria-label=move || format!("{}{}. {} {}", prefix(), lang.get().t(T::GalleryTitle), summary(), chosen_line())></canvas>
                <p class="help">{t(T::HelpGallery)}</p>
            </figure>
            <figure class="confusion">
                <figcaption>{move || format!("{}{}", prefix(), lang.get().t(T::ConfusionTitle))}<SavePng canvas=confusion name="confusion" title=T::ConfusionTitle /></figcaption>
                <canvas dir="ltr" node_ref=confusion width=CONFUSION_SIZE.0 height=CONFUSION_SIZE.1 role="img"
                    aria-label=move || format!("{}{}. {}", prefix(), lang.get().t(T::ConfusionTitle), summary())></canvas>
                <p class="help">{t(T::HelpConfusion)}</p>
            </figure>
            <figure class="maps">
                <figcaption>{move || format!("{}{} · {}", prefix(), lang.get().t(T::MapsTitle), chosen_line())}<SavePng canvas=maps name="feature-maps" title=T::MapsTitle /></figcaption>
                <canvas dir="ltr" node_ref=maps width=MAPS_WIDTH height=200 role="img"
                    aria-label=move || format!("{}{}. {}", prefix(), lang.get().t(T::MapsTitle), chosen_line())></canvas>
                <p class="help">{t(T::HelpMaps)}</p>
            </figure>
        </div>
    }
}

/// "1,797 images of 8×8: 898 to train, 899 to test (20 relabelled)".
fn summary_line(img: &ImageRun, l: Lang) -> String {
    let mut s = format!(
        "{} {}×{} · {} {} · {} {}",
        l.t(T::ImagesOf),
        l.digits(&img.height.to_string()),
        l.digits(&img.width.to_string()),
        l.digits(&img.train.to_string()),
        l.t(T::ToTrain),
        l.digits(&img.test.to_string()),
        l.t(T::ToTest),
    );
    if img.relabelled > 0 {
        s += &format!(" · {} {}", l.digits(&img.relabelled.to_string()), l.t(T::Relabelled));
    }
    s
}

/// Each layer's name for the feature maps: its token and output shape, e.g. "c8k3 → 8×8×8".
fn layer_names(s: &Settings, l: Lang) -> Vec<String> {
    let m = s.train_config().model;
    let shapes = m.layers.shapes(m.input).unwrap_or_default();
    m.layers.layers().iter().zip(shapes).map(|(spec, shape)| l.digits(&format!("{spec} → {shape}"))).collect()
}
