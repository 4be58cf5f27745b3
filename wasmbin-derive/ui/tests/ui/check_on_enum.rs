use wasmbin::Wasmbin;

#[derive(Wasmbin)]
#[wasmbin(check = Kind::check)]
enum Kind {
    #[wasmbin(discriminant = 0x01)]
    A,
}

impl Kind {
    fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

fn main() {}
