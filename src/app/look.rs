//! How the page looks: the theme (`theme`, or the system's `prefers-color-scheme`), the palette
//! (`palette`), and the system's `prefers-reduced-motion`. The document gets `data-theme` (the
//! CSS variables in style/main.css); the plots get a [`Look`] (plot::colors), and every canvas
//! is redrawn when it changes.

use crate::plot::colors::{self, Look};
use crate::settings::Settings;
use leptos::prelude::*;

fn media(query: &str) -> bool {
    window().match_media(query).ok().flatten().is_some_and(|m| m.matches())
}

/// Whether the system asks for less motion (the race then walks at half its pace).
pub fn reduced_motion() -> bool {
    media("(prefers-reduced-motion: reduce)")
}

/// Keeps the document's theme and the plots' look in step with the settings.
pub fn follow(settings: RwSignal<Settings>) {
    Effect::new(move |_| {
        let (theme, palette) = settings.with(|s| (s.page.theme, s.page.palette));
        let (look, name) = Look::of(theme, palette, media("(prefers-color-scheme: dark)"));
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", name);
            let _ = root.set_attribute("data-palette", if look.safe { "safe" } else { "playground" });
        }
        if colors::look() != look {
            colors::set_look(look);
            super::canvas::redraw_all();
        }
    });
}
