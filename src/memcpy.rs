//! `memcpy` for static x86_64 programs (musl). musl's own copies with `rep movsq` between
//! byte loops, which costs tens of cycles on the short copies a run makes by the hundred
//! thousand (a report's JSON is written a few bytes at a time): 16% of a 1,000-check run's
//! samples were in it, against 3% for glibc's (docs/benchmarks.md). This one copies 0–64
//! bytes with overlapping loads of 1 to 16 bytes, all loaded before any is stored, and longer
//! runs with `rep movsb`, which current x86_64 processors do fast.
//!
//! musl's `memmove` calls `__memcpy_fwd`, which its `memcpy.o` also defines; both names are
//! given here so that the linker takes neither from musl. A forward copy is what both
//! promise: this one never stores a byte before loading every byte it has not yet copied, for
//! 64 bytes or fewer, and `rep movsb` copies forwards.

core::arch::global_asm!(
    ".globl memcpy",
    ".type memcpy,@function",
    ".globl __memcpy_fwd",
    ".hidden __memcpy_fwd",
    ".type __memcpy_fwd,@function",
    ".p2align 4",
    "memcpy:",
    "__memcpy_fwd:",
    "    mov rax, rdi",
    "    cmp rdx, 16",
    "    ja 5f",
    "    cmp rdx, 8",
    "    jb 2f",
    // 8–16 bytes: the first eight and the last eight.
    "    mov rcx, qword ptr [rsi]",
    "    mov r8, qword ptr [rsi + rdx - 8]",
    "    mov qword ptr [rdi], rcx",
    "    mov qword ptr [rdi + rdx - 8], r8",
    "    ret",
    "2:",
    "    cmp rdx, 4",
    "    jb 3f",
    // 4–7 bytes.
    "    mov ecx, dword ptr [rsi]",
    "    mov r8d, dword ptr [rsi + rdx - 4]",
    "    mov dword ptr [rdi], ecx",
    "    mov dword ptr [rdi + rdx - 4], r8d",
    "    ret",
    "3:",
    // 0–3 bytes: the first byte, and for 2 or 3 the last two.
    "    test rdx, rdx",
    "    je 4f",
    "    movzx ecx, byte ptr [rsi]",
    "    cmp rdx, 1",
    "    je 7f",
    "    movzx r8d, word ptr [rsi + rdx - 2]",
    "    mov word ptr [rdi + rdx - 2], r8w",
    "7:",
    "    mov byte ptr [rdi], cl",
    "4:",
    "    ret",
    "5:",
    "    cmp rdx, 32",
    "    ja 6f",
    // 17–32 bytes: the first sixteen and the last sixteen.
    "    movups xmm0, xmmword ptr [rsi]",
    "    movups xmm1, xmmword ptr [rsi + rdx - 16]",
    "    movups xmmword ptr [rdi], xmm0",
    "    movups xmmword ptr [rdi + rdx - 16], xmm1",
    "    ret",
    "6:",
    "    cmp rdx, 64",
    "    ja 8f",
    // 33–64 bytes: the first thirty-two and the last thirty-two.
    "    movups xmm0, xmmword ptr [rsi]",
    "    movups xmm1, xmmword ptr [rsi + 16]",
    "    movups xmm2, xmmword ptr [rsi + rdx - 32]",
    "    movups xmm3, xmmword ptr [rsi + rdx - 16]",
    "    movups xmmword ptr [rdi], xmm0",
    "    movups xmmword ptr [rdi + 16], xmm1",
    "    movups xmmword ptr [rdi + rdx - 32], xmm2",
    "    movups xmmword ptr [rdi + rdx - 16], xmm3",
    "    ret",
    "8:",
    "    mov rcx, rdx",
    "    rep movsb",
    "    ret",
    ".size memcpy, . - memcpy",
);

#[cfg(test)]
mod tests {
    /// Every length from 0 to 300 at every alignment of both ends: the bytes copied, nothing
    /// around them touched (the copy is called through `copy_nonoverlapping`, which the
    /// compiler turns into a call to `memcpy` for lengths it does not know).
    #[test]
    fn copies_every_length_and_alignment_exactly() {
        let source: Vec<u8> = (0..400u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..300usize {
            for from in 0..8usize {
                for to in 0..8usize {
                    let mut dest = vec![0xAAu8; 400];
                    let n = std::hint::black_box(len);
                    unsafe {
                        std::ptr::copy_nonoverlapping(
                            source.as_ptr().add(from),
                            dest.as_mut_ptr().add(to),
                            n,
                        );
                    }
                    assert_eq!(&dest[to..to + len], &source[from..from + len]);
                    assert!(dest[..to].iter().all(|b| *b == 0xAA));
                    assert!(dest[to + len..].iter().all(|b| *b == 0xAA));
                }
            }
        }
    }
}
