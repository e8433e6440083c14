"""Seed exercises on distributing a file: the server's upload as the bottleneck, scaling, the document's claim."""

from __future__ import annotations

from typing import Any

from .common import (
    CS_TIME,
    FD_OBSERVED,
    FD_RANGES,
    FD_TEXTBOOK,
    P2P_TIME,
    _faster,
    _number,
    t,
)

FILE_DISTRIBUTION: list[dict[str, Any]] = [
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
]
