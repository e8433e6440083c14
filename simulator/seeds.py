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
]
