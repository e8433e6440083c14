"""The seed exercises for the seed document: at least one per simulation kind, each tied to the difference(s) it
demonstrates. Found by keywords in the bullets, so a re-import (new keys) still links them."""

from __future__ import annotations

from typing import Any

FD_TEXTBOOK = {"file_size_bits": 15e9, "server_upload_bps": 30e6, "peer_download_bps": 2e6}


def t(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


def _faster(key: str, a: str = "analytic.client_server_s", b: str = "analytic.p2p_s") -> dict[str, Any]:
    return {
        "explain": "fd_faster",
        "key": key,
        "type": "choice",
        "prompt": t("Mô hình nào phân phối tệp xong trước?", "Which model finishes distributing the file first?"),
        "choices": [
            {"id": "client_server", "text": t("Client-server", "Client-server")},
            {"id": "p2p", "text": t("Peer-to-peer", "Peer-to-peer")},
            {"id": "tie", "text": t("Như nhau (chênh dưới 1 %)", "The same (within 1 %)")},
        ],
        "answer": {
            "rule": "smaller",
            "a": a,
            "b": b,
            "labels": {"a": "client_server", "b": "p2p", "tie": "tie"},
            "tie": 0.01,
        },
    }


def _more_available_prediction() -> dict:
    """The availability exercises' first prediction: which side keeps the file reachable more of the time."""
    return {
        "explain": "availability_compare",
        "key": "more_available",
        "type": "choice",
        "prompt": t(
            "Bên nào cho tải tệp được nhiều thời gian hơn?", "Which keeps the file reachable more of the time?"
        ),
        "choices": [
            {"id": "server", "text": t("Máy chủ", "The server")},
            {"id": "p2p", "text": t("Các máy ngang hàng", "The peers")},
            {"id": "tie", "text": t("Như nhau", "The same")},
        ],
        "answer": {
            "rule": "larger",
            "a": "simulated.server",
            "b": "simulated.p2p",
            "labels": {"a": "server", "b": "p2p", "tie": "tie"},
            "tie": 0.002,
        },
    }


def _number(key: str, prompt: dict, path: str, tolerance: float, unit: str = "s", explain: str = "") -> dict[str, Any]:
    return {
        "key": key,
        "type": "number",
        "prompt": prompt,
        "unit": unit,
        "tolerance": tolerance,
        "answer": {"rule": "path", "path": path},
        "explain": explain,
    }


def _observe(path: str, label: dict[str, str], unit: str = "") -> dict[str, Any]:
    """A value of the run the student may read before explaining (the model's values wait until after)."""
    return {"path": path, "label": label, "unit": unit}


# The distribution times the run measures equal the formula's whenever a download or the server limits (the
# fluid model is exact there), so they would hand out the answers: the student works those out, and sees the run
# beside the model once the explanations are in.
FD_OBSERVED: list[dict[str, Any]] = []
# The measured availability of the peers sits within a percent of 1 - (1 - p)^k: only the server's is shown.
AVAILABILITY_OBSERVED = [
    _observe("simulated.server", t("Tỉ lệ thời gian máy chủ chạy (đo)", "Share of time the server was up (measured)")),
]
# Each attempt draws its own values within these ranges (and a new seed): no result answers the next attempt.
FD_RANGES = {"peer_download_bps": [1.5e6, 2e6, 2.5e6, 3e6], "server_upload_bps": [20e6, 25e6, 30e6, 40e6]}
ATTEMPTS = 3

CS_TIME = t(
    "Thời gian tối thiểu của client-server theo công thức (giây)?",
    "Client-server minimum distribution time from the formula (seconds)?",
)
P2P_TIME = t(
    "Thời gian tối thiểu của P2P theo công thức (giây)?", "P2P minimum distribution time from the formula (seconds)?"
)

# keys: slug, kind, params, param_ranges, seed, title, intro, predictions, questions, observations,
# attempts_allowed, match (how to find the difference/lesson: keywords of its bullet, else its position)
EXERCISES: list[dict[str, Any]] = [
    {
        "slug": "file-distribution-server-bottleneck",
        "kind": "file_distribution",
        "params": {**FD_TEXTBOOK, "peers": 40, "peer_upload_bps": 1e6, "chunks": 64},
        "param_ranges": {**FD_RANGES, "peers": {"min": 5, "max": 60, "step": 5}},
        "title": t(
            "Máy chủ chuyên dụng hay mọi node cùng phục vụ: ai là nút thắt?",
            "A dedicated server or every node serving: where is the bottleneck?",
        ),
        "intro": t(
            "Trong client-server chỉ máy chủ chuyên dụng tải lên; trong P2P mỗi node vừa là máy khách vừa là máy "
            "chủ. Với các tham số của lượt làm này (bảng bên dưới), giới hạn nào quyết định thời gian phân phối tệp?",
            "In client-server only the dedicated server uploads; in P2P every node is both client and server. With "
            "this attempt's parameters (the table below), which bound sets the time to distribute the file?",
        ),
        "predictions": [
            {
                "key": "cs_limit",
                "type": "choice",
                "explain": "fd_client_server",
                "prompt": t("Điều gì giới hạn thời gian của client-server?", "What limits the client-server time?"),
                "choices": [
                    {
                        "id": "server",
                        "text": t("Tốc độ tải lên của máy chủ (N·F/u_s)", "The server's upload (N·F/u_s)"),
                    },
                    {
                        "id": "download",
                        "text": t("Tốc độ tải xuống chậm nhất (F/d_min)", "The slowest download (F/d_min)"),
                    },
                ],
                "answer": {
                    "rule": "larger",
                    "a": "model.client_server.server_upload_s",
                    "b": "model.client_server.download_s",
                    "labels": {"a": "server", "b": "download"},
                },
            },
            _faster("faster"),
        ],
        "questions": [
            _number("cs_time", CS_TIME, "analytic.client_server_s", 0.05, explain="fd_client_server"),
            _number("p2p_time", P2P_TIME, "analytic.p2p_s", 0.05, explain="fd_p2p"),
        ],
        "observations": FD_OBSERVED,
        "match": {"differences": ["chuyên dụng"], "fallback_positions": [0]},
    },
    {
        "slug": "file-distribution-n100",
        "kind": "file_distribution",
        "params": {**FD_TEXTBOOK, "peers": 100, "peer_upload_bps": 700e3},
        "param_ranges": {
            **FD_RANGES,
            "peers": {"min": 60, "max": 140, "step": 10},
            "peer_upload_bps": [500e3, 700e3, 900e3],
        },
        "title": t(
            "Phân phối tệp cho khoảng 100 máy: ai nhanh hơn?",
            "Distributing a file to about 100 peers: which is faster?",
        ),
        "intro": t(
            "Một máy chủ gửi tệp 15 Gbit cho N máy; mỗi máy vừa tải xuống vừa tải lên (tham số của lượt này ở bảng "
            "bên dưới). Tài liệu nói client-server mở rộng tốt hơn: hãy dự đoán, chạy mô phỏng, rồi giải thích.",
            "A server sends a 15 Gbit file to N peers; each peer downloads and uploads (this attempt's parameters are "
            "in the table below). The document says client-server scales better: predict, run the simulation, "
            "then explain.",
        ),
        "predictions": [
            _faster("faster"),
            _number(
                "cs_guess",
                t(
                    "Ước lượng: client-server mất khoảng bao nhiêu giây?",
                    "Estimate: roughly how many seconds does client-server take?",
                ),
                "analytic.client_server_s",
                0.5,
                explain="fd_client_server",
            ),
        ],
        "questions": [
            _number("cs_time", CS_TIME, "analytic.client_server_s", 0.05, explain="fd_client_server"),
            _number("p2p_time", P2P_TIME, "analytic.p2p_s", 0.05, explain="fd_p2p"),
            {
                "key": "beats_formula",
                "type": "choice",
                "explain": "fd_simulated",
                "prompt": t(
                    "Mô phỏng P2P có nhanh hơn giới hạn của công thức không?",
                    "Did the simulated swarm beat the formula's minimum?",
                ),
                "choices": [{"id": "yes", "text": t("Có", "Yes")}, {"id": "no", "text": t("Không", "No")}],
                "answer": {
                    "rule": "smaller",
                    "a": "simulated.p2p_s",
                    "b": "analytic.p2p_s",
                    "labels": {"a": "yes", "b": "no", "tie": "no"},
                    "tie": 1e-9,
                },
            },
        ],
        "observations": FD_OBSERVED,
        "match": {"differences": ["mở rộng"], "fallback_positions": [6]},
    },
    {
        "slug": "file-distribution-textbook-n10",
        "kind": "file_distribution",
        "params": {**FD_TEXTBOOK, "peers": 10, "peer_upload_bps": 300e3},
        "param_ranges": {
            **FD_RANGES,
            "peers": {"min": 6, "max": 14, "step": 1},
            "peer_upload_bps": [200e3, 300e3, 400e3],
        },
        "title": t("Bất ngờ khi có ít máy (biểu đồ trong sách)", "The surprise with few peers (the textbook chart)"),
        "intro": t(
            "Bài toán trong sách Kurose & Ross (F = 15 Gbit), nhưng chỉ khoảng 10 máy, mỗi máy tải lên chậm. "
            "P2P có luôn nhanh hơn không?",
            "The textbook problem (Kurose & Ross, F = 15 Gbit), but only about 10 peers, each uploading slowly. "
            "Is P2P always faster?",
        ),
        "predictions": [_faster("faster")],
        "questions": [
            _number("cs_time", CS_TIME, "analytic.client_server_s", 0.05, explain="fd_client_server"),
            _number("p2p_time", P2P_TIME, "analytic.p2p_s", 0.05, explain="fd_p2p"),
            {
                **_faster("faster_after"),
                "prompt": t("Sau khi chạy: mô hình nào xong trước?", "After the run: which model finishes first?"),
            },
        ],
        "observations": FD_OBSERVED,
        "match": {"differences": ["mở rộng"], "fallback_positions": [6]},
    },
    {
        "slug": "claim-client-server-scales-better",
        "kind": "file_distribution",
        "params": {**FD_TEXTBOOK, "peers": 1000, "peer_upload_bps": 2e6, "chunks": 64},
        "param_ranges": {
            **FD_RANGES,
            "peers": [5, 10, 50, 200, 1000],
            "peer_upload_bps": [100e3, 300e3, 1e6, 2e6],
        },
        "title": t(
            "“Client-server mở rộng và ổn định hơn”: dự đoán rồi đối chiếu",
            "“Client-server is more scalable and stable”: predict, then confront the claim",
        ),
        "intro": t(
            "Tài liệu viết: “Client-Server có khả năng mở rộng và ổn định hơn so với ngang hàng”. Với số máy và tốc độ "
            "tải lên của lượt này, hãy dự đoán câu đó có đúng không, chạy mô phỏng, rồi đối chiếu.",
            "The document says client-server is more scalable and stable than peer-to-peer. With this attempt's "
            "number of peers and upload rate, predict whether that holds, run the simulation, then confront it.",
        ),
        "predictions": [
            {
                "key": "claim_holds",
                "type": "choice",
                "explain": "fd_scalability_claim",
                "prompt": t(
                    "Ở đây client-server có xong trước P2P không?", "Does client-server finish before P2P here?"
                ),
                "choices": [{"id": "yes", "text": t("Có", "Yes")}, {"id": "no", "text": t("Không", "No")}],
                "answer": {
                    "rule": "smaller",
                    "a": "analytic.client_server_s",
                    "b": "analytic.p2p_s",
                    "labels": {"a": "yes", "b": "no", "tie": "no"},
                    "tie": 0.01,
                },
            }
        ],
        "questions": [
            _number("cs_time", CS_TIME, "analytic.client_server_s", 0.05, explain="fd_client_server"),
            _number("p2p_time", P2P_TIME, "analytic.p2p_s", 0.05, explain="fd_p2p"),
            {
                "key": "when_holds",
                "type": "choice",
                "explain": "fd_scalability_claim",
                "prompt": t(
                    "Khi nào câu “client-server mở rộng tốt hơn” đúng cho việc phân phối tệp?",
                    "When does “client-server scales better” hold for distributing a file?",
                ),
                "choices": [
                    {
                        "id": "few",
                        "text": t(
                            "Khi ít máy hoặc máy ngang hàng tải lên rất chậm",
                            "With few peers, or peers that upload very little",
                        ),
                    },
                    {"id": "many", "text": t("Khi rất nhiều máy cùng tải lên", "With very many peers that all upload")},
                    {"id": "always", "text": t("Luôn luôn", "Always")},
                ],
                "answer": {"rule": "constant", "value": "few"},
            },
        ],
        "observations": FD_OBSERVED,
        "match": {"differences": ["mở rộng"], "fallback_positions": [6]},
    },
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
