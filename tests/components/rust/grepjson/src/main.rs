//! A command with real dependencies (regex, serde_json), so that its component has a large
//! core module: reads JSON from stdin and prints `path = value` for every string value whose
//! key matches the regular expression given as the first argument.
use regex::Regex;
use serde_json::Value;
use std::io::Read;

fn walk(value: &Value, path: &str, key: &Regex, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (name, item) in map {
                let inner = format!("{path}.{name}");
                if let (true, Value::String(text)) = (key.is_match(name), item) {
                    out.push(format!("{inner} = {text}"));
                }
                walk(item, &inner, key, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), key, out);
            }
        }
        _ => {}
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pattern = std::env::args().nth(1).ok_or("usage: grepjson KEY-REGEX < input.json")?;
    let key = Regex::new(&pattern)?;
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let mut out = Vec::new();
    walk(&serde_json::from_str(&input)?, "$", &key, &mut out);
    for line in out {
        println!("{line}");
    }
    Ok(())
}
