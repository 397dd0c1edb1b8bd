//! How the page looks: the theme (`theme`, or the system's `prefers-color-scheme`), the palette
//! (`palette`), and the system's `prefers-reduced-motion`. The document gets `data-theme` (the
//! CSS variables in style/main.css); the plots get a [`Look`] (plot::colors), and every canvas
//! is redrawn when it changes.

use crate::plot::colors::{self, Look};
use crate::settings::{Palette, Settings, Theme};
use leptos::prelude::*;

fn media(query: &str) -> bool {
    window().match_media(query).ok().flatten().is_some_and(|m| m.matches())
}

/// Whether the system asks for less motion (the race then walks at half its pace).
pub fn reduced_motion() -> bool {
    media("(prefers-reduced-motion: reduce)")
}

/// The look these settings ask for, with the system's preference for `theme=auto`.
fn look_of(theme: Theme, palette: Palette, system_dark: bool) -> (Look, &'static str) {
    let dark = match theme {
        Theme::Auto => system_dark,
        Theme::Dark => true,
        Theme::Light | Theme::Projector => false,
    };
    let name = match (theme, dark) {
        (Theme::Projector, _) => "projector",
        (_, true) => "dark",
        _ => "light",
    };
    (Look { dark, projector: theme == Theme::Projector, safe: palette == Palette::Safe }, name)
}

/// Keeps the document's theme and the plots' look in step with the settings.
pub fn follow(settings: RwSignal<Settings>) {
    Effect::new(move |_| {
        let (theme, palette) = settings.with(|s| (s.page.theme, s.page.palette));
        let (look, name) = look_of(theme, palette, media("(prefers-color-scheme: dark)"));
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
