"""Seed exercises on server load, lookup and availability: congestion, a central index, data under churn."""

from __future__ import annotations

from typing import Any

from .common import (
    AVAILABILITY_OBSERVED,
    _faster,
    _more_available_prediction,
    _number,
    _observe,
    t,
)

NETWORKS: list[dict[str, Any]] = [
    {
        "slug": "server-load-bottleneck",
        "kind": "server_load",
        "params": {
            "clients": 120,
            "request_rate": 1.0,
            "response_size_bits": 1e6,
            "server_capacity_bps": 100e6,
            "peer_capacity_bps": 2e6,
        },
        "param_ranges": {
            "clients": {"min": 100, "max": 160, "step": 10},
            "server_capacity_bps": [50e6, 60e6, 80e6, 90e6],
        },
        "title": t("Máy chủ có phải là nút thắt cổ chai?", "Is the server the bottleneck?"),
        "intro": t(
            "Mỗi máy khách gửi λ yêu cầu mỗi giây, mỗi câu trả lời S bit; máy chủ có công suất C, mỗi máy ngang hàng "
            "chỉ có c (tham số của lượt này ở bảng bên dưới). Tài liệu nói máy chủ dễ bị tắc nghẽn: khi nào điều đó "
            "xảy ra?",
            "Each client sends λ requests per second, each answer is S bits; the server has capacity C, each peer "
            "only c (this attempt's parameters are in the table below). The document says the server is likely to "
            "be congested: when?",
        ),
        "predictions": [
            {
                **_faster("faster_max", "by_clients.-1.server_response_s", "by_clients.-1.p2p_response_s"),
                "explain": "server_heavy_load",
                "prompt": t(
                    "Với số máy khách lớn nhất, bên nào trả lời nhanh hơn?",
                    "With the largest number of clients, who answers faster?",
                ),
                "answer": {
                    "rule": "smaller",
                    "a": "by_clients.-1.server_response_s",
                    "b": "by_clients.-1.p2p_response_s",
                    "labels": {"a": "client_server", "b": "p2p", "tie": "tie"},
                    "tie": 0.05,
                },
            },
            _number(
                "saturation_guess",
                t(
                    "Khoảng bao nhiêu máy khách thì máy chủ quá tải?",
                    "Around how many clients does the server become overloaded?",
                ),
                "saturation_clients",
                0.25,
                unit="",
                explain="server_saturation",
            ),
        ],
        "questions": [
            _number(
                "saturation",
                t(
                    "Số máy khách làm máy chủ bão hòa (công suất ÷ nhu cầu mỗi máy)?",
                    "Clients that saturate the server (capacity ÷ demand per client)?",
                ),
                "saturation_clients",
                0.05,
                unit="",
                explain="server_saturation",
            ),
            _number(
                "server_n1",
                t(
                    "Thời gian phản hồi trung bình của máy chủ khi N = 1 (giây)?",
                    "Mean server response time at N = 1 (seconds)?",
                ),
                "by_clients.0.server_response_s",
                0.15,
                explain="server_light_load",
            ),
            {
                **_faster("faster_n1"),
                "explain": "server_light_load",
                "prompt": t("Với N = 1, bên nào trả lời nhanh hơn?", "With N = 1, who answers faster?"),
                "answer": {
                    "rule": "smaller",
                    "a": "by_clients.0.server_response_s",
                    "b": "by_clients.0.p2p_response_s",
                    "labels": {"a": "client_server", "b": "p2p", "tie": "tie"},
                    "tie": 0.05,
                },
            },
        ],
        "observations": [
            _observe(
                "by_clients.-1.server_response_s",
                t("Máy chủ, số máy khách lớn nhất: thời gian phản hồi", "Server, most clients: response time"),
                "s",
            ),
            _observe(
                "by_clients.-1.p2p_response_s",
                t("P2P, số máy khách lớn nhất: thời gian phản hồi", "P2P, most clients: response time"),
                "s",
            ),
        ],
        "match": {"differences": ["tắc nghẽn"], "fallback_positions": [4]},
    },
    {
        "slug": "lookup-index-down",
        "kind": "lookup",
        "params": {
            "peers": 1000,
            "degree": 4,
            "ttl_max": 7,
            "replicas": 3,
            "lookups": 300,
            "failed_fraction": 0.2,
            "index_uptime": 0.0,
        },
        "param_ranges": {
            "peers": [256, 512, 1000, 2048],
            "degree": [3, 4, 5],
            "ttl_max": {"min": 4, "max": 7, "step": 1},
            "failed_fraction": [0.1, 0.2, 0.3],
        },
        "title": t(
            "Tìm dịch vụ khi máy chủ tra cứu tập trung ngừng chạy",
            "Finding a service when the central lookup server is down",
        ),
        "intro": t(
            "Tài liệu nêu hai cách tìm node cung cấp dịch vụ: hỏi một dịch vụ tra cứu tập trung, hoặc phát yêu cầu tới "
            "mọi node. Ở đây máy chủ tra cứu đang ngừng và một phần máy ngang hàng đã rời mạng; so sánh thêm với DHT.",
            "The document gives two ways to find the node offering a service: ask a central lookup service, or "
            "broadcast the request to every node. Here the lookup server is down and some of the peers are gone; "
            "a DHT is compared too.",
        ),
        "predictions": [
            {
                "key": "still_works",
                "type": "choice",
                "explain": "lookup_central_down",
                "prompt": t(
                    "Cách nào vẫn tìm được tài nguyên thường xuyên hơn?",
                    "Which method still finds the resource more often?",
                ),
                "choices": [
                    {"id": "central", "text": t("Chỉ mục tập trung", "Central index")},
                    {"id": "dht", "text": t("DHT", "DHT")},
                    {"id": "same", "text": t("Như nhau", "The same")},
                ],
                "answer": {
                    "rule": "larger",
                    "a": "central.success_rate",
                    "b": "dht.success_rate",
                    "labels": {"a": "central", "b": "dht", "tie": "same"},
                    "tie": 0.01,
                },
            }
        ],
        "questions": [
            _number(
                "dht_hops",
                t("Số bước nhảy trung bình của DHT?", "Mean number of DHT hops?"),
                "dht.mean_hops",
                0.15,
                unit="",
                explain="lookup_dht_hops",
            ),
            _number(
                "flood_messages",
                t(
                    "Số thông điệp mỗi lượt tìm khi phát tràn với TTL lớn nhất?",
                    "Messages per lookup when flooding with the largest TTL?",
                ),
                "flooding.messages_per_lookup.-1",
                0.1,
                unit="",
                explain="lookup_flooding",
            ),
            {
                "key": "fewer_messages",
                "type": "choice",
                "explain": "lookup_messages",
                "prompt": t(
                    "Cách nào tốn ít thông điệp hơn cho mỗi lượt tìm?", "Which costs fewer messages per lookup?"
                ),
                "choices": [
                    {"id": "central", "text": t("Chỉ mục tập trung", "Central index")},
                    {"id": "flooding", "text": t("Phát tràn", "Flooding")},
                ],
                "answer": {
                    "rule": "smaller",
                    "a": "central.messages_per_lookup",
                    "b": "flooding.messages_per_lookup.-1",
                    "labels": {"a": "central", "b": "flooding"},
                },
            },
        ],
        "observations": [
            _observe(
                "flooding.success_rate.-1", t("Phát tràn, TTL lớn nhất: tỉ lệ tìm thấy", "Flooding, largest TTL: found")
            ),
            _observe(
                "flooding.messages_per_lookup.-1",
                t("Phát tràn, TTL lớn nhất: thông điệp mỗi lượt", "Flooding, largest TTL: messages per lookup"),
            ),
        ],
        "match": {"differences": ["lưu trữ tập trung"], "fallback_positions": [3], "lesson": "tra cứu"},
    },
    {
        "slug": "availability-churn",
        "kind": "availability",
        "params": {"copies": 4, "join_rate": 1 / 3600, "leave_rate": 1 / 3600, "server_uptime": 0.99},
        "param_ranges": {
            "copies": {"min": 2, "max": 8, "step": 1},
            "leave_rate": [1 / 900, 1 / 1800, 1 / 3600, 1 / 7200],
            "server_uptime": [0.95, 0.98, 0.99],
        },
        "title": t(
            "Dữ liệu ở một máy chủ hay trên từng máy ngang hàng: khi các máy ra vào liên tục",
            "Data on one server or on each peer: when peers come and go",
        ),
        "intro": t(
            "Trong client-server dữ liệu nằm tập trung trên máy chủ; trong P2P mỗi máy giữ dữ liệu riêng và có thể rời "
            "mạng bất cứ lúc nào. Với số bản sao và tốc độ ra vào của lượt này, bên nào cho tải tệp được nhiều thời "
            "gian hơn?",
            "In client-server the data sits on the server; in P2P each peer keeps its own data and may leave at any "
            "time. With this attempt's number of copies and churn, which side keeps the file reachable longer?",
        ),
        "predictions": [_more_available_prediction()],
        "questions": [
            _number(
                "p2p_formula",
                t(
                    "Theo công thức 1-(1-p)^k, tỉ lệ thời gian tải được từ máy ngang hàng (0 đến 1)?",
                    "By the formula 1-(1-p)^k, the fraction of time the peers can serve it (0 to 1)?",
                ),
                "analytic.p2p",
                0.02,
                unit="",
                explain="availability_formula",
            ),
        ],
        "observations": AVAILABILITY_OBSERVED,
        "match": {"differences": ["lưu trữ tập trung"], "fallback_positions": [3]},
    },
    {
        "slug": "availability-three-copies",
        "kind": "availability",
        "params": {"copies": 3, "join_rate": 1 / 3600, "leave_rate": 1 / 3600, "server_uptime": 0.99},
        "param_ranges": {"copies": [2, 3, 4], "server_uptime": [0.97, 0.98, 0.99]},
        "title": t(
            "Ổn định hơn? Một máy chủ và vài bản sao trên máy ngang hàng",
            "More stable? One server against a few copies on peers",
        ),
        "intro": t(
            "Tài liệu nói client-server ổn định hơn. Máy chủ chạy phần lớn thời gian; tệp cũng nằm trên vài máy ngang "
            "hàng, mỗi máy trực tuyến khoảng một nửa thời gian.",
            "The document says client-server is more stable. The server is up most of the time; the file is also on "
            "a few peers, each online about half of the time.",
        ),
        "predictions": [_more_available_prediction()],
        "questions": [
            _number(
                "p2p_formula",
                t(
                    "Theo công thức 1-(1-p)^k, tỉ lệ thời gian tải được từ máy ngang hàng (0 đến 1)?",
                    "By the formula 1-(1-p)^k, the fraction of time the peers can serve it (0 to 1)?",
                ),
                "analytic.p2p",
                0.02,
                unit="",
                explain="availability_formula",
            ),
            _number(
                "p2p_hours_down",
                t(
                    "Theo công thức, số giờ mỗi năm không tải được từ máy ngang hàng?",
                    "By the formula, hours per year the peers cannot serve the file?",
                ),
                "model.availability.p2p_hours_down",
                0.05,
                unit="h",
                explain="availability_hours",
            ),
        ],
        "observations": AVAILABILITY_OBSERVED,
        "match": {"differences": ["ổn định"], "fallback_positions": [6]},
    },
    {
        "slug": "availability-eight-copies",
        "kind": "availability",
        "params": {"copies": 8, "join_rate": 1 / 3600, "leave_rate": 1 / 3600, "server_uptime": 0.99},
        "param_ranges": {"copies": [7, 8, 9, 10], "server_uptime": [0.99, 0.995]},
        "title": t("Khi nào P2P ổn định hơn? Nhiều bản sao", "When is P2P more stable? Many copies"),
        "intro": t(
            "Giống bài trước, nhưng tệp nằm trên nhiều máy ngang hàng. Câu “client-server ổn định hơn” còn đúng không?",
            "As before, but the file is on many peers. Does “client-server is more stable” still hold?",
        ),
        "predictions": [_more_available_prediction()],
        "questions": [
            _number(
                "p2p_formula",
                t(
                    "Theo công thức 1-(1-p)^k, tỉ lệ thời gian tải được từ máy ngang hàng (0 đến 1)?",
                    "By the formula 1-(1-p)^k, the fraction of time the peers can serve it (0 to 1)?",
                ),
                "analytic.p2p",
                0.01,
                unit="",
                explain="availability_formula",
            ),
        ],
        "observations": AVAILABILITY_OBSERVED,
        "match": {"differences": ["ổn định"], "fallback_positions": [6]},
    },
]
