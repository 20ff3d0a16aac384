// The address classes outgoing webhooks may not reach unless WEBHOOK_ALLOW_PRIVATE_TARGETS
// says so, including the IPv6 spellings that carry an IPv4 address.
import { describe, expect, it } from "vitest";
import { classifyAddress, isPublicAddress } from "../classify-address";

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.10", "private"],
    ["169.254.169.254", "link_local"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.254", "cgnat"],
    ["224.0.0.251", "multicast"],
    ["239.255.255.250", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.7", "reserved"],
    ["198.18.0.1", "reserved"],
  ])("IPv4 %s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.0", "93.184.216.34", "223.255.255.255"])(
    "IPv4 %s is public",
    (address) => {
      expect(classifyAddress(address)).toBe("public");
    },
  );

  it.each([
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fd12:3456:789a::1", "private"],
    ["fc00::1", "private"],
    ["fe80::1", "link_local"],
    ["fe80::1%eth0", "link_local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "reserved"],
  ])("IPv6 %s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each(["2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001:82a::200e"])("IPv6 %s is public", (address) => {
    expect(classifyAddress(address)).toBe("public");
  });

  it.each([
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::FFFF:10.0.0.1", "private"],
    ["::ffff:a9fe:a9fe", "link_local"],
    ["::ffff:100.64.0.1", "cgnat"],
    ["::ffff:0.0.0.0", "unspecified"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::a00:1", "private"],
    ["2002:7f00:1::", "loopback"],
    ["2002:c0a8:101::1", "private"],
    ["::127.0.0.1", "loopback"],
  ])("IPv6 %s, carrying an IPv4 address, is judged by it: %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it("lets the public IPv4 inside an IPv6 form through", () => {
    expect(classifyAddress("::ffff:8.8.8.8")).toBe("public");
    expect(classifyAddress("64:ff9b::808:808")).toBe("public");
    expect(isPublicAddress("2002:808:808::1")).toBe(true);
  });

  it("throws on something that is not an IP address", () => {
    expect(() => classifyAddress("example.com")).toThrow(TypeError);
    expect(() => classifyAddress("1.2.3")).toThrow(TypeError);
  });
});
