//! Images only: the image-preparation panel (the camera's faults, equalization and per-image
//! normalization, with a few training images before and after and their histograms) and the
//! augmentation panel (its controls and a preview grid: one training image and
//! `probe::PREVIEW` augmented versions, redrawn when a control moves). Drawing is
//! `plot::images`.

use super::canvas::draw_on;
use super::widgets::{use_lang, SavePng};
use super::{Engine, RunState, Runs};
use crate::i18n::T;
use crate::plot::images::{draw_image_grid, draw_prep_samples, prep_samples_height};
use crate::protocol::Command;
use crate::settings::Group as SettingsGroup;
use leptos::html::Canvas;
use leptos::prelude::*;

const PREP_WIDTH: u32 = 360;
const PREVIEW_SIDE: u32 = 320;

#[component]
pub fn ImagePrepPanel() -> impl IntoView {
    let (_, lang) = use_lang();
    let run = expect_context::<RunState>();
    let canvas = NodeRef::<Canvas>::new();
    let height = move || run.images.with(|i| prep_samples_height(i.as_ref().map_or(1, |i| i.samples.len())));
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        let l = lang.get();
        run.images.with(|img| {
            let Some(img) = img else { return };
            let h = prep_samples_height(img.samples.len());
            if c.height() != h {
                c.set_height(h);
            }
            draw_on(&c, |root, p| draw_prep_samples(root, &img.samples, (img.height, img.width), l, p));
        });
    });
    let t = move |k: T| move || lang.get().t(k);
    view! {
        <section class="panel image-prep" aria-labelledby="h-image-prep">
            <h2 id="h-image-prep">{t(T::PanelImagePrep)}</h2>
            <super::controls::Group group=SettingsGroup::ImagePrep />
            <p class="help note">{t(T::LightingNote)}</p>
            <canvas node_ref=canvas class="prep-samples" width=PREP_WIDTH height=height
                role="img" aria-label=t(T::PrepSamplesLabel) title=t(T::PrepSamplesLabel)></canvas>
        </section>
    }
}

#[component]
pub fn AugmentPanel() -> impl IntoView {
    let (settings, lang) = use_lang();
    let runs = expect_context::<Runs>();
    let engine = expect_context::<Engine>();
    let canvas = NodeRef::<Canvas>::new();
    // The training image shown; reset to the first on a new run.
    let index = RwSignal::new(0usize);
    // Ask for a preview whenever the augmentation, the image or the run changes.
    let aug = Memo::new(move |_| settings.with(|s| s.augment()));
    Effect::new(move |_| {
        let augment = aug.get();
        let started = runs.a.images.with(|i| i.is_some());
        let i = index.get();
        if started {
            engine.send(Command::PreviewAugment { index: i, augment });
        }
    });
    Effect::new(move |_| {
        let Some(c) = canvas.get() else { return };
        runs.preview.with(|p| {
            let Some((_, _, images)) = p else { return };
            runs.a.images.with(|img| {
                let Some(img) = img else { return };
                draw_on(&c, |root, p| draw_image_grid(root, images, (img.height, img.width), 4, p));
            });
        });
    });
    let another = move |_| {
        let of = runs.preview.with_untracked(|p| p.as_ref().map_or(1, |p| p.1)).max(1);
        index.update(|i| *i = (*i + 1) % of);
    };
    let active = move || settings.with(|s| s.augment().active());
    let t = move |k: T| move || lang.get().t(k);
    let caption = move || {
        let l = lang.get();
        let shown = runs.preview.with(|p| p.as_ref().map(|p| (p.0, p.1)));
        match shown {
            Some((i, of)) => format!("{} ({} {} / {})", l.t(T::AugmentPreview), l.t(T::Image), l.digits(&(i + 1).to_string()), l.digits(&of.to_string())),
            None => l.t(T::AugmentPreview).to_string(),
        }
    };
    view! {
        <section class="panel augment" aria-labelledby="h-augment">
            <h2 id="h-augment">{t(T::PanelAugment)}</h2>
            <super::controls::Group group=SettingsGroup::Augment />
            <p class="help note">{t(T::AugmentNote)}</p>
            <Show when=move || !active()>
                <p class="help">{t(T::AugmentOff)}</p>
            </Show>
            <figure class="augment-preview">
                <canvas node_ref=canvas width=PREVIEW_SIDE height=PREVIEW_SIDE role="img" aria-label=caption></canvas>
                <figcaption>{caption}<SavePng canvas name="augment-preview" title=T::PanelAugment /></figcaption>
            </figure>
            <button class="another-image" title=t(T::HelpAnotherImage) on:click=another>{t(T::AnotherImage)}</button>
        </section>
    }
}
