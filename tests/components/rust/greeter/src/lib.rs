//! A wit-bindgen component: imports `log`, exports the `names` interface.
wit_bindgen::generate!({ world: "greeter", path: "wit" });

use exports::example::greeter::names::{Guest, Mood, Person};

struct Greeter;

impl Guest for Greeter {
    fn greet(who: Person, mood: Mood) -> Result<String, String> {
        log(&who.name);
        match mood {
            Mood::Happy => Ok(format!("hello, {} ({})", who.name, who.age)),
            Mood::Sad => Err("not today".into()),
        }
    }
}

export!(Greeter);
