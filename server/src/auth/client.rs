//! Where a request comes from: the peer's address, or — only when the peer is one of the
//! configured reverse proxies — the address that proxy put in `IGNY8_CLIENT_IP_HEADER`. Anyone
//! else's header is ignored (it would let a client choose its own throttle key).

use std::net::{IpAddr, Ipv6Addr};

use http::HeaderMap;

/// An address range: `10.0.0.0/8`, `2001:db8::/32`, or one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    pub fn parse(raw: &str) -> Result<IpNet, String> {
        let bad = || format!("`{raw}` is not an address or CIDR range (10.0.0.5, 10.0.0.0/8, fd00::/8)");
        let (addr, prefix) = match raw.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (raw, None),
        };
        let addr: IpAddr = addr.trim().parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.trim().parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(IpNet { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) as the IPv4 address they are.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The client's address: the peer, unless the peer is a trusted proxy; then the right-most
/// address of the proxy header that is not itself a trusted proxy.
pub fn address(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &[IpNet],
    header: &http::HeaderName,
) -> Option<IpAddr> {
    let peer = canonical(peer?);
    if !trusted.iter().any(|t| t.contains(peer)) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all(header)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .map(canonical)
        .collect();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|ip| !trusted.iter().any(|t| t.contains(*ip)))
            .unwrap_or(peer),
    )
}

/// How the login throttle groups addresses: one IPv4 address, or one IPv6 /64 (what one
/// household or server is given; anyone can hop between the addresses inside it).
pub fn bucket(ip: Option<IpAddr>) -> String {
    match ip.map(canonical) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{}/64", Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        None => "-".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_parse_and_match() {
        let net = IpNet::parse("10.0.0.0/8").unwrap();
        assert!(net.contains(ip("10.200.1.2")) && !net.contains(ip("11.0.0.1")));
        assert!(net.contains(ip("::ffff:10.1.1.1")), "IPv4-mapped");
        let one = IpNet::parse("192.0.2.7").unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let v6 = IpNet::parse("fd00::/8").unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!(IpNet::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        for bad in ["10.0.0.0/33", "proxy", "::/129", "1.2.3.4/x", ""] {
            assert!(IpNet::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let name = http::HeaderName::from_static("x-forwarded-for");
        let mut h = HeaderMap::new();
        h.insert(&name, "6.6.6.6, 203.0.113.9, 10.0.0.2".parse().unwrap());
        let trusted = [IpNet::parse("10.0.0.0/8").unwrap()];
        // from the proxy: the right-most address that is not a proxy
        assert_eq!(
            address(Some(ip("10.0.0.1")), &h, &trusted, &name),
            Some(ip("203.0.113.9"))
        );
        // from anyone else: their own address, whatever the header says
        assert_eq!(
            address(Some(ip("198.51.100.4")), &h, &trusted, &name),
            Some(ip("198.51.100.4"))
        );
        assert_eq!(address(Some(ip("10.0.0.1")), &h, &[], &name), Some(ip("10.0.0.1")));
        // a proxy that sent no header
        assert_eq!(
            address(Some(ip("10.0.0.1")), &HeaderMap::new(), &trusted, &name),
            Some(ip("10.0.0.1"))
        );
    }

    #[test]
    fn ipv6_addresses_are_grouped_by_64() {
        assert_eq!(bucket(Some(ip("2001:db8:1:2:aaaa::1"))), "2001:db8:1:2::/64");
        assert_eq!(bucket(Some(ip("2001:db8:1:2:ffff::9"))), "2001:db8:1:2::/64");
        assert_eq!(bucket(Some(ip("::ffff:192.0.2.1"))), "192.0.2.1");
        assert_eq!(bucket(Some(ip("192.0.2.1"))), "192.0.2.1");
        assert_eq!(bucket(None), "-");
    }
}
