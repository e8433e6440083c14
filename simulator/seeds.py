"""The seed exercises for the seed document: at least one per simulation kind, each tied to the difference(s) it
demonstrates. Found by keywords in the bullets, so a re-import (new keys) still links them."""

from __future__ import annotations

from typing import Any

FD_TEXTBOOK = {"file_size_bits": 15e9, "server_upload_bps": 30e6, "peer_download_bps": 2e6}


def t(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


def _faster(key: str, a: str = "analytic.client_server_s", b: str = "analytic.p2p_s") -> dict[str, Any]:
    return {
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


def _number(key: str, prompt: dict, path: str, tolerance: float, unit: str = "s") -> dict[str, Any]:
    return {
        "key": key,
        "type": "number",
        "prompt": prompt,
        "unit": unit,
        "tolerance": tolerance,
        "answer": {"rule": "path", "path": path},
    }


CS_TIME = t(
    "Thời gian tối thiểu của client-server theo công thức (giây)?",
    "Client-server minimum distribution time from the formula (seconds)?",
)
P2P_TIME = t(
    "Thời gian tối thiểu của P2P theo công thức (giây)?", "P2P minimum distribution time from the formula (seconds)?"
)

# keys: slug, kind, params, seed, title, intro, predictions, questions, match (how to find the difference/lesson)
EXERCISES: list[dict[str, Any]] = [
    {
        "slug": "file-distribution-n100",
        "kind": "file_distribution",
        "params": {**FD_TEXTBOOK, "peers": 100, "peer_upload_bps": 700e3},
        "title": t("Phân phối tệp cho 100 máy: ai nhanh hơn?", "Distributing a file to 100 peers: which is faster?"),
        "intro": t(
            "Một máy chủ (tốc độ tải lên 30 Mbps) gửi tệp 15 Gbit cho N = 100 máy; mỗi máy tải xuống 2 Mbps và "
            "tải lên 700 kbps. Tài liệu nói client-server mở rộng tốt hơn: hãy dự đoán, chạy mô phỏng, rồi giải thích.",
            "A server (upload 30 Mbps) sends a 15 Gbit file to N = 100 peers; each downloads at 2 Mbps and uploads at "
            "700 kbps. The document says client-server scales better: predict, run the simulation, then explain.",
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
            ),
        ],
        "questions": [
            _number("cs_time", CS_TIME, "analytic.client_server_s", 0.05),
            _number("p2p_time", P2P_TIME, "analytic.p2p_s", 0.05),
            _number(
                "p2p_sim",
                t("Bầy P2P mô phỏng xong sau bao nhiêu giây?", "When did the simulated P2P swarm finish (s)?"),
                "simulated.p2p_s",
                0.1,
            ),
            {
                "key": "beats_formula",
                "type": "choice",
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
        "match": {"differences": ["mở rộng"], "fallback_positions": [6]},
    },
    {
        "slug": "file-distribution-textbook-n10",
        "kind": "file_distribution",
        "params": {**FD_TEXTBOOK, "peers": 10, "peer_upload_bps": 300e3},
        "title": t("Bất ngờ ở N = 10 (biểu đồ trong sách)", "The surprise at N = 10 (the textbook chart)"),
        "intro": t(
            "Cùng bài toán trong sách Kurose & Ross: F = 15 Gbit, u_s = 30 Mbps, d = 2 Mbps, nhưng chỉ N = 10 máy, "
            "mỗi máy tải lên 300 kbps. P2P có luôn nhanh hơn không?",
            "The same textbook problem (Kurose & Ross): F = 15 Gbit, u_s = 30 Mbps, d = 2 Mbps, but only N = 10 "
            "peers uploading at 300 kbps each. Is P2P always faster?",
        ),
        "predictions": [_faster("faster")],
        "questions": [
            _number("cs_time", CS_TIME, "analytic.client_server_s", 0.05),
            _number("p2p_time", P2P_TIME, "analytic.p2p_s", 0.05),
            {
                **_faster("faster_after"),
                "prompt": t("Sau khi chạy: mô hình nào xong trước?", "After the run: which model finishes first?"),
            },
        ],
        "match": {"differences": ["mở rộng"], "fallback_positions": [6]},
    },
    {
        "slug": "file-distribution-n1000",
        "kind": "file_distribution",
        "params": {**FD_TEXTBOOK, "peers": 1000, "peer_upload_bps": 2e6, "chunks": 64},
        "title": t(
            "1000 máy: client-server còn mở rộng tốt hơn không?", "1000 peers: does client-server still scale better?"
        ),
        "intro": t(
            "Tài liệu viết: “Client-Server có khả năng mở rộng … hơn so với ngang hàng”. Với N = 1000 máy tải lên "
            "2 Mbps, hãy kiểm tra khi nào câu đó đúng.",
            "The document says client-server scales better than peer-to-peer. With N = 1000 peers uploading at "
            "2 Mbps, test when that holds.",
        ),
        "predictions": [
            {
                "key": "claim_holds",
                "type": "choice",
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
            _number("cs_time", CS_TIME, "analytic.client_server_s", 0.05),
            _number("p2p_time", P2P_TIME, "analytic.p2p_s", 0.05),
        ],
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
        "title": t("Máy chủ có phải là nút thắt cổ chai?", "Is the server the bottleneck?"),
        "intro": t(
            "Mỗi máy khách gửi 1 yêu cầu/giây, mỗi câu trả lời 1 Mbit. Một máy chủ 100 Mbps phục vụ được 100 yêu "
            "cầu/giây; mỗi máy ngang hàng chỉ có 2 Mbps. Tài liệu nói máy chủ dễ bị tắc nghẽn: khi nào điều đó xảy ra?",
            "Each client sends 1 request per second, each answer is 1 Mbit. A 100 Mbps server serves 100 requests "
            "per second; each peer has only 2 Mbps. The document says the server is likely to be congested: when?",
        ),
        "predictions": [
            {
                **_faster("faster_n120", "by_clients.-1.server_response_s", "by_clients.-1.p2p_response_s"),
                "prompt": t(
                    "Với N = 120 máy khách, bên nào trả lời nhanh hơn?", "With N = 120 clients, who answers faster?"
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
            ),
            _number(
                "server_n1",
                t(
                    "Thời gian phản hồi trung bình của máy chủ khi N = 1 (giây)?",
                    "Mean server response time at N = 1 (seconds)?",
                ),
                "by_clients.0.server_response_s",
                0.15,
            ),
            {
                **_faster("faster_n1"),
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
        "title": t(
            "Tìm dịch vụ khi máy chủ tra cứu tập trung ngừng chạy",
            "Finding a service when the central lookup server is down",
        ),
        "intro": t(
            "Tài liệu nêu hai cách tìm node cung cấp dịch vụ: hỏi một dịch vụ tra cứu tập trung, hoặc phát yêu cầu tới "
            "mọi node. Ở đây máy chủ tra cứu đang ngừng và 20 % máy ngang hàng đã rời mạng; so sánh thêm với DHT.",
            "The document gives two ways to find the node offering a service: ask a central lookup service, or "
            "broadcast the request to every node. Here the lookup server is down and 20 % of the peers are gone; "
            "a DHT is compared too.",
        ),
        "predictions": [
            {
                "key": "still_works",
                "type": "choice",
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
            ),
            {
                "key": "fewer_messages",
                "type": "choice",
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
        "match": {"differences": ["lưu trữ tập trung"], "fallback_positions": [3], "lesson": "tra cứu"},
    },
    {
        "slug": "availability-three-copies",
        "kind": "availability",
        "params": {"copies": 3, "join_rate": 1 / 3600, "leave_rate": 1 / 3600, "server_uptime": 0.99},
        "title": t(
            "Ổn định hơn? Một máy chủ và ba bản sao trên máy ngang hàng",
            "More stable? One server against three copies on peers",
        ),
        "intro": t(
            "Tài liệu nói client-server ổn định hơn. Một máy chủ chạy 99 % thời gian; tệp cũng nằm trên 3 máy ngang "
            "hàng, mỗi máy trực tuyến khoảng một nửa thời gian.",
            "The document says client-server is more stable. A server is up 99 % of the time; the file is also on "
            "3 peers, each online about half of the time.",
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
            ),
            _number(
                "p2p_hours_down",
                t(
                    "Số giờ mỗi năm không tải được từ máy ngang hàng?",
                    "Hours per year the peers cannot serve the file?",
                ),
                "unavailable_hours_per_year.p2p",
                0.15,
                unit="h",
            ),
        ],
        "match": {"differences": ["ổn định"], "fallback_positions": [6]},
    },
    {
        "slug": "availability-eight-copies",
        "kind": "availability",
        "params": {"copies": 8, "join_rate": 1 / 3600, "leave_rate": 1 / 3600, "server_uptime": 0.99},
        "title": t("Khi nào P2P ổn định hơn? Tám bản sao", "When is P2P more stable? Eight copies"),
        "intro": t(
            "Giống bài trước, nhưng tệp nằm trên 8 máy ngang hàng. Câu “client-server ổn định hơn” còn đúng không?",
            "As before, but the file is on 8 peers. Does “client-server is more stable” still hold?",
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
            ),
        ],
        "match": {"differences": ["ổn định"], "fallback_positions": [6]},
    },
]
