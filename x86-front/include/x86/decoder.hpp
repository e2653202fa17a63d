// IA-32 decoding in 32-bit protected mode. The only place that knows the
// decoder library; everything else sees Insn.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "x86/insn.hpp"

namespace cm::x86 {

enum class DecodeStatus : uint8_t {
    Ok,
    Invalid,    ///< not an instruction (#UD)
    NoMoreData, ///< the instruction runs past the readable bytes
    TooLong,    ///< longer than 15 bytes (#GP on real hardware)
};

class Decoder {
  public:
    Decoder();
    ~Decoder();
    Decoder(const Decoder&) = delete;
    Decoder& operator=(const Decoder&) = delete;

    /// Decodes one instruction from `bytes` (at most `avail` readable) at
    /// guest address `addr`. Unsupported instructions decode with mnemonic
    /// Unsupported; the caller decides to raise #UD.
    DecodeStatus decode(const uint8_t* bytes, size_t avail, uint32_t addr, Insn& out) const;

    /// AT&T-free Intel syntax text, e.g. "add eax, dword ptr [ebx+0x4]".
    std::string disassemble(const uint8_t* bytes, size_t avail, uint32_t addr) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// "0f 0b" style hex of an instruction's bytes.
std::string hex_bytes(const uint8_t* bytes, size_t n);

} // namespace cm::x86
