// A small free-list allocator instead of dlmalloc: about 7 KB less wasm. The client is
// single-threaded (no wasm threads), which is what makes `AssumeSingleThreaded` sound.
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: this wasm module never runs on more than one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
