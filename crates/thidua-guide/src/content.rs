//! The guide's text, task by task, and the help each screen shows: written once here, so the
//! printed guide and the "?" panels say the same thing. A screenshot is named by the file the
//! end-to-end tests write (`target/e2e-screenshots/NAME.png`); the test that walks the task takes
//! it from the demo data, so a screen that changes changes here at the next run.

/// One part of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Text(&'static str),
    Heading(&'static str),
    Steps(&'static [&'static str]),
    Note(&'static str),
    /// A screenshot by its file name without ".png", and its caption.
    Screen(&'static str, &'static str),
}

/// A task of the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// Stable name a screen's help and a refusal's link point to.
    pub id: &'static str,
    pub title: &'static str,
    pub parts: &'static [Part],
}

use Part::{Heading, Note, Screen, Steps, Text};

pub const SECTIONS: &[Section] = &[
    Section {
        id: "bat-dau",
        title: "Cài đặt lần đầu",
        parts: &[
            Text(
                "Thi đua chạy trên máy của cán bộ, không cần mạng. Mỗi máy là một đơn vị: một xã, phường, một Ban công tác Mặt trận khu dân cư, hay một đơn vị cấp trên (tỉnh, thành phố). Lần đầu mở chương trình, màn hình chào mừng cho chọn: cài đặt đơn vị của mình, dùng thử với dữ liệu mẫu, hoặc khôi phục từ bản sao chép ở máy cũ.",
            ),
            Steps(&[
                "Bấm «Cài đặt đơn vị của tôi».",
                "Ở mục «1. Đơn vị của máy này», chọn cấp rồi gõ tên hoặc mã đơn vị (gõ không dấu cũng được) và chọn trong danh sách.",
                "Ở mục «2. Đơn vị cấp trên», chương trình chọn sẵn theo danh mục; chọn lại nếu báo cáo gửi đến đơn vị khác.",
                "Ở mục «3. Tiêu đề văn bản», xem lại tên cơ quan chủ quản, tên cơ quan ban hành, ký hiệu trong số văn bản và địa danh: chúng được in trên mọi văn bản.",
                "Ở mục «4. Người ký và người sử dụng», nhập thẩm quyền ký, chức vụ và họ tên người ký, họ tên cán bộ dùng máy; bấm «Hoàn tất cài đặt».",
            ]),
            Screen("setup-refused-without-signer", "Thiếu họ tên người ký: chương trình chỉ ra ô cần nhập, chưa lưu gì"),
            Screen("home-after-setup", "Trang chủ sau khi cài đặt: đơn vị, cấp trên, người ký và các kỳ báo cáo với hạn gửi"),
            Note(
                "Lưu ý: Ban công tác Mặt trận khu dân cư không có trong danh mục của cơ quan thống kê: chọn cấp «Khu dân cư», khai báo mã mà phường, xã cấp trên đã khai báo cho mình, rồi chọn đơn vị vừa khai báo.",
            ),
            Screen("setup-residential-committee", "Cài đặt máy của một Ban công tác Mặt trận khu dân cư"),
            Heading("Trợ giúp trên từng màn hình"),
            Text(
                "Nút «? Hướng dẫn» ở thanh bên trái, dưới tên các phần, cho biết màn hình dùng để làm gì, việc tiếp theo là gì, và mục nào của hướng dẫn này nói kỹ hơn.",
            ),
            Screen("help-exchange", "Trợ giúp của màn hình «Trao đổi dữ liệu»"),
            Text(
                "Bấm tên một mục để đọc mục đó ngay trong khung trợ giúp (ảnh màn hình chỉ có trong bản in); nút «Mở bản PDF để in» mở cả cuốn hướng dẫn này và cho biết mục đó bắt đầu ở trang nào. Khi chương trình từ chối một việc và thông báo kết thúc bằng «Xem Hướng dẫn sử dụng, mục …», bấm vào dòng đó để đọc cách sửa.",
            ),
            Screen("help-reading", "Mục 6 của hướng dẫn đọc ngay trong khung trợ giúp"),
        ],
    },
    Section {
        id: "du-lieu-mau",
        title: "Dùng thử với dữ liệu mẫu",
        parts: &[
            Text(
                "«Dùng thử với dữ liệu mẫu» mở Phường Hạc Thành (Thanh Hóa) với sổ theo dõi nửa năm, để xem chương trình làm được gì trước khi cài đặt đơn vị của mình. Góc dưới thanh bên ghi «Dữ liệu mẫu» để không nhầm với dữ liệu thật.",
            ),
            Text(
                "Lần đầu mở, bản dùng thử đưa qua từng phần của chương trình theo thứ tự ở thanh bên, mỗi bước một câu nói phần đó để làm gì. Bấm «Tiếp» để sang phần sau, «Bỏ qua» để tự xem; đã xong hoặc đã bỏ qua thì không hiện lại.",
            ),
            Screen("tour-registers", "«Làm quen với chương trình», bước 3: Sổ theo dõi"),
            Screen("sample-settings", "Phần Cài đặt của bản dùng thử"),
        ],
    },
    Section {
        id: "so-theo-doi",
        title: "Ghi sổ theo dõi",
        parts: &[
            Text(
                "Sổ theo dõi là nơi ghi từng việc trong kỳ: sáng kiến, ý tưởng mới; mô hình «Đoàn kết sáng tạo»; tuyên truyền, hội nghị, giám sát, phản biện; kết nối sản phẩm OCOP; vận động nguồn lực; biểu dương, khen thưởng. Số liệu của báo cáo được tính từ các sổ này, nên ghi đủ sổ là làm xong phần lớn báo cáo.",
            ),
            Steps(&[
                "Vào «Sổ theo dõi», chọn một sổ.",
                "Bấm «Thêm mới», điền các ô (ngày theo dạng ngày/tháng/năm, số tiền có dấu chấm ngăn cách hàng nghìn) rồi bấm «Lưu».",
                "Để sửa, chọn bản ghi (phím mũi tên và Enter cũng được), sửa, ghi lý do sửa rồi bấm «Lưu». Mọi lần sửa, xóa được giữ trong «Lịch sử thay đổi».",
            ]),
            Screen("register-refused-date", "Ngày ngoài kỳ hoặc sai dạng: ô được chỉ ra, bản ghi chưa được lưu"),
            Screen("register-history", "Lịch sử thay đổi của một bản ghi: ai sửa, khi nào, vì sao"),
            Screen("keyboard-record-saved", "Sửa một bản ghi chỉ bằng bàn phím"),
            Heading("Nhập từ bảng tính có sẵn"),
            Text(
                "Danh sách đã có trong Excel (từ hệ thống khác, hay do cán bộ lập trước đây) được nhập vào sổ bằng «Nhập từ bảng tính…»: chương trình đoán dòng tiêu đề và cột nào ứng với ô nào, đọc được cả chữ TCVN3, VNI, bỏ qua các dòng đã có, và chỉ ghi khi mọi dòng đều đúng.",
            ),
            Screen("sheet-import-mapping", "Ghép cột của bảng tính với các ô của sổ"),
            Screen("sheet-import-done", "Các dòng đã nhập vào sổ"),
        ],
    },
    Section {
        id: "bao-cao",
        title: "Làm báo cáo 6 tháng và báo cáo năm",
        parts: &[
            Text(
                "Báo cáo của một kỳ gồm số liệu các chỉ tiêu, phần thuyết minh và phụ lục. Số liệu tính từ sổ theo dõi, bên cạnh mỗi số là các bản ghi làm nên số đó; phần thuyết minh được soạn sẵn từ số liệu và sửa trực tiếp được.",
            ),
            Steps(&[
                "Vào «Báo cáo», chọn kỳ báo cáo.",
                "Xem bảng «Số liệu chỉ tiêu». Bấm vào số bản ghi để xem các bản ghi của chỉ tiêu. Nếu cần ghi số khác số tính được, bấm «Sửa» và ghi lý do: lý do đi cùng báo cáo lên cấp trên.",
                "Chỉ tiêu có nguồn «Nhập tay» không tính được từ sổ và hiện «(chưa nhập)» cho đến khi được nhập: bấm «Sửa», gõ số (có thể là 0) rồi bấm «Lưu». Báo cáo chỉ gửi được khi mọi chỉ tiêu đã có số.",
                "Đọc phần thuyết minh, sửa nếu cần, bấm «Lưu mục này».",
                "Xem lại «Nơi nhận» và «Ngày báo cáo».",
                "Bấm «Xem trước» hoặc «Lưu PDF để in…» để in trình ký.",
            ]),
            Screen("report-draft", "Bản nháp báo cáo 6 tháng: số liệu, nguồn và thuyết minh"),
            Screen("report-figure-check", "Số liệu trái với quy tắc kiểm tra được tô màu, kèm lời nhắc cần xem lại"),
            Note(
                "Lưu ý: khi bấm «Gửi báo cáo», báo cáo bị khóa; muốn thay đổi phải «Tạo bản sửa đổi», và cấp trên nhận bản sửa đổi như một lần báo cáo mới.",
            ),
        ],
    },
    Section {
        id: "ke-hoach",
        title: "Kế hoạch",
        parts: &[
            Text(
                "Phần «Kế hoạch» giữ kế hoạch của đơn vị và kế hoạch cấp trên gửi xuống, với đủ các mục I., 1., a), gạch đầu dòng. Kế hoạch nhập từ tệp Word (.docx, cả phông .VnTime, VNI) hoặc văn bản (.txt); kế hoạch của đơn vị lập được từ kế hoạch cấp trên rồi sửa lại.",
            ),
            Steps(&[
                "Bấm «Nhập kế hoạch (.docx, .txt)…» và chọn tệp, hoặc mở kế hoạch cấp trên gửi xuống.",
                "Bấm «Lập kế hoạch của đơn vị từ kế hoạch này»: cùng các mục, thay tên đơn vị, nơi nhận và người ký.",
                "Bấm «Sửa kế hoạch» để sửa từng mục; «Đánh số lại» sắp lại số mục.",
                "Bấm «Cấp số ban hành» để lấy số theo sổ văn bản đi, rồi «Lưu PDF để in…».",
            ]),
            Screen("plan-view", "Kế hoạch đã nhập với các mục đánh số"),
            Screen("plan-editor", "Sửa kế hoạch"),
            Screen("plan-preview", "Xem trước khi in"),
        ],
    },
    Section {
        id: "gui-bao-cao",
        title: "Gửi báo cáo lên cấp trên",
        parts: &[
            Text(
                "Báo cáo đi lên bằng một gói đã ký (tệp .thidua), gửi qua thư điện tử hoặc chép vào USB. Gói chứa báo cáo, bản PDF, các bản ghi sổ theo dõi của kỳ và nhật ký thay đổi; chữ ký cho cấp trên biết gói đúng của đơn vị và không bị sửa trên đường đi.",
            ),
            Heading("Lần đầu: ghi danh với cấp trên qua điện thoại"),
            Steps(&[
                "Vào «Trao đổi dữ liệu», phần «Khóa và ghi danh», bấm «Xuất tệp định danh…» và gửi tệp cho cấp trên.",
                "Gọi điện cho cán bộ cấp trên và đọc «Mã xác nhận của đơn vị này» (các nhóm 5 chữ số). Mỗi nhóm có một chữ số kiểm tra: đọc nhầm một số sẽ bị phát hiện.",
                "Cán bộ cấp trên bấm «Chọn tệp định danh…», nhập mã vừa nghe vào ô «Mã xác nhận đơn vị đọc qua điện thoại» và bấm «Ghi danh».",
                "Làm ngược lại với tệp định danh của cấp trên, để máy của đơn vị nhận được gói cấp trên gửi xuống.",
            ]),
            Heading("Mỗi kỳ: gửi báo cáo"),
            Steps(&[
                "Vào «Trao đổi dữ liệu», phần «Gửi báo cáo lên cấp trên», chọn kỳ và bấm «Xuất gói báo cáo…».",
                "Chọn nơi lưu (USB, thư mục), rồi gửi tệp .thidua cho cấp trên. Báo cáo còn là bản nháp chuyển sang «Đã gửi».",
                "Khi cấp trên nhập gói, báo cáo chuyển sang «Đã nhận», rồi «Đã chấp nhận» hoặc «Bị trả lại» kèm lý do; gói trả lời của cấp trên nhập như mọi gói khác.",
            ]),
            Screen("1366x768-exchange", "«Trao đổi dữ liệu» ở phường: chọn kỳ, «Xuất gói báo cáo…»; dưới đó là khóa và mã xác nhận"),
            Screen("exchange-returned", "Ở cấp trên: «Ghi danh một đơn vị» với tệp định danh và mã nghe qua điện thoại"),
        ],
    },
    Section {
        id: "nhan-goi",
        title: "Nhận gói và xem ai đã báo cáo",
        parts: &[
            Text(
                "Cấp trên nhập các gói nhận được trong «Trao đổi dữ liệu»: chọn tệp, kéo thả tệp vào cửa sổ, hoặc bấm đúp tệp .thidua trong thư mục. Mỗi gói được kiểm tra chữ ký và nội dung trước khi ghi; gói bị từ chối không làm thay đổi dữ liệu và lý do được ghi rõ.",
            ),
            Steps(&[
                "Vào «Trao đổi dữ liệu». Các gói chưa nhập trong thư mục Tải về hoặc Màn hình nền được liệt kê sẵn.",
                "Bấm «Xem trước» để xem gói sẽ thay đổi gì mà chưa ghi, rồi «Nhập», hoặc «Nhập cả … gói».",
                "Vào «Tổng hợp» để xem đơn vị nào đã báo cáo, đơn vị nào chưa, và số liệu cộng lại.",
            ]),
            Screen("exchange-candidates", "Các gói tìm thấy trong thư mục Tải về, chờ nhập"),
            Screen("exchange-imported", "Gói đã nhập và gói bị từ chối, mỗi gói một dòng với lý do"),
            Screen("opened-bundle-imported", "Tệp .thidua bấm đúp trong thư mục mở thẳng màn hình nhập"),
            Screen("consolidation-completeness", "Tình hình nộp báo cáo của các đơn vị trực thuộc"),
        ],
    },
    Section {
        id: "tong-hop",
        title: "Tổng hợp, xem xét và báo cáo của cấp trên",
        parts: &[
            Text(
                "Phần «Tổng hợp» chỉ có ở đơn vị có đơn vị trực thuộc. Số liệu cộng từ các báo cáo đã nhận và đã chấp nhận; bấm vào một số để thấy phần của từng đơn vị và gói đã mang nó về.",
            ),
            Steps(&[
                "Chọn kỳ. Bảng đầu cho biết từng đơn vị đã gửi, gửi muộn hay chưa gửi.",
                "Mở báo cáo một đơn vị gửi về, đọc, rồi chấp nhận hoặc trả lại kèm lý do.",
                "«Xuất bảng Excel…» ghi bảng tổng hợp; «Xuất sổ theo dõi của các đơn vị (Excel)…» ghi sổ của các đơn vị vào một tệp riêng.",
                "Báo cáo của chính đơn vị cấp trên (phần «Báo cáo») cộng số liệu các đơn vị và nêu đơn vị đã báo cáo.",
            ]),
            Screen("consolidation-totals", "Số liệu tổng hợp và phần của từng đơn vị"),
            Screen("consolidation-received-report", "Báo cáo một đơn vị gửi về"),
            Heading("Bộ chỉ tiêu và phong trào"),
            Text(
                "Cấp trên soạn bộ chỉ tiêu của phong trào (thêm, đổi tên, chuyển, ngừng dùng một chỉ tiêu) và mở phong trào thứ hai khi cần. Mỗi thay đổi tạo một phiên bản mới; phiên bản mới đến các đơn vị cấp dưới cùng gói kế hoạch gửi sau đó, còn báo cáo đã gửi giữ phiên bản đã dùng.",
            ),
            Screen("consolidation-indicator-set", "Soạn bộ chỉ tiêu"),
            Screen("consolidation-movements", "Các phong trào thi đua của đơn vị"),
        ],
    },
    Section {
        id: "mau-excel",
        title: "Mẫu Excel cho đơn vị chưa có chương trình",
        parts: &[
            Text(
                "Đơn vị trực thuộc chưa cài Thi đua vẫn báo cáo được bằng mẫu Excel: cấp trên xuất mẫu cho đơn vị và kỳ, đơn vị điền rồi gửi lại, cấp trên nhập. Mẫu có ký nhận dạng ở trang ẩn; khi nhập, từng ô được kiểm tra và mọi ô sai được liệt kê theo địa chỉ (ví dụ «Sheet 'Số liệu', ô D7») để đơn vị sửa.",
            ),
            Steps(&[
                "Trong «Tổng hợp», chọn kỳ, bấm «Mẫu Excel» ở dòng của đơn vị để lưu tệp mẫu, rồi gửi tệp cho đơn vị.",
                "Khi nhận lại tệp đã điền, bấm «Nhập mẫu Excel đã điền…». Chương trình liệt kê các thay đổi (số cũ → số mới) trước khi ghi.",
                "Nếu tệp có ô sai, chương trình không nhập gì và liệt kê từng ô sai: gửi danh sách đó cho đơn vị sửa trong tệp rồi gửi lại.",
            ]),
            Screen("excel-refusal-guide", "Tệp điền chữ vào ô số bị từ chối, chỉ rõ ô sai; dòng «Xem Hướng dẫn sử dụng» mở mục này"),
            Screen("excel-template-preview", "Mẫu đã điền được kiểm tra trước khi ghi: từng ô thay đổi, số cũ và số mới"),
            Screen("excel-template-imported", "Đơn vị nộp bằng mẫu Excel được ghi «nhập từ Excel, không có chữ ký»"),
        ],
    },
    Section {
        id: "kiem-tra-van-ban",
        title: "Kiểm tra một văn bản giấy",
        parts: &[
            Text(
                "Mỗi văn bản đã gửi hoặc ban hành in mã QR và «Mã kiểm tra» dưới phần Nơi nhận. Ở cấp trên, «Kiểm tra văn bản» đọc mã từ tệp PDF, ảnh chụp hoặc bản quét, hay từ mã ngắn gõ tay, và trả lời trong một câu: văn bản có đúng là bản đơn vị đã ký gửi không, số liệu in có khớp không.",
            ),
            Steps(&[
                "Bấm «Chọn tệp PDF hoặc ảnh…» và chọn tệp, hoặc gõ mã ngắn (12 ký tự, có thể bỏ dấu gạch).",
                "Bấm «Kiểm tra» và đọc câu trả lời.",
            ]),
            Screen("verify-matches", "Văn bản khớp với gói đã nhận"),
            Screen("verify-edited", "Bản PDF bị sửa số liệu: chỉ ra ô khác với bản đã ký"),
        ],
    },
    Section {
        id: "cuoi-nam",
        title: "Cuối năm: chấm điểm, xếp hạng, khen thưởng",
        parts: &[
            Text(
                "Phần «Thi đua – Khen thưởng» mang phần cuối năm của phong trào. Cấp trên giao chỉ tiêu cho từng đơn vị, chia cụm thi đua, soạn bảng tiêu chí chấm điểm và gửi xuống cùng gói kế hoạch. Cuối năm, điểm của mỗi đơn vị tính từ báo cáo năm, chỉ tiêu giao và hạn nộp, cộng điểm cấp trên chấm kèm lý do; đơn vị được xếp hạng chung và trong cụm.",
            ),
            Heading("Ở cấp trên"),
            Steps(&[
                "«Chỉ tiêu giao» cho từng đơn vị và năm; «Cụm thi đua» với cụm trưởng, cụm phó; «Bảng tiêu chí» (nhập được từ Excel).",
                "Sau khi nhận báo cáo năm, xem «Chấm điểm, xếp hạng»; bấm một đơn vị để xem điểm từng tiêu chí, chấm các tiêu chí cần cấp trên chấm, ghi lý do.",
                "«Xuất bảng xếp hạng (Excel)…» và «Gửi kết quả cho đơn vị…».",
                "Xem đề nghị khen thưởng các đơn vị gửi lên, đồng ý, cắt hoặc trả lại từng người kèm lý do, trong giới hạn số lượng.",
                "«Ban hành quyết định»: số lấy theo sổ văn bản đi; in quyết định và bằng khen, giấy khen; gửi quyết định xuống từng đơn vị đề nghị.",
            ]),
            Screen("year-end-ranking", "Bảng chấm điểm, xếp hạng các đơn vị trực thuộc"),
            Screen("year-end-unit-detail", "Điểm từng tiêu chí của một đơn vị"),
            Screen("year-end-targets", "Chỉ tiêu giao cho từng đơn vị"),
            Screen("year-end-clusters", "Cụm thi đua"),
            Screen("year-end-proposals-review", "Xem xét đề nghị khen thưởng"),
            Screen("year-end-award-decision-preview", "Quyết định khen thưởng trước khi in"),
            Screen("year-end-certificates-preview", "Quyết định đã ban hành: in quyết định, in bằng khen và gửi xuống từng đơn vị đề nghị"),
            Heading("Ở xã, phường"),
            Steps(&[
                "Tự chấm điểm theo bảng tiêu chí cấp trên gửi xuống, kèm minh chứng, khi báo cáo năm còn là bản nháp.",
                "«Lập tờ trình» đề nghị khen thưởng: chọn tập thể, cá nhân; thành tích dựa trên các bản ghi sổ theo dõi. Tờ trình đi lên cùng báo cáo năm.",
                "Nhập gói quyết định cấp trên gửi về để xem ai được khen.",
            ]),
            Screen("year-end-own-score", "Đơn vị tự chấm điểm"),
            Screen("year-end-proposal", "Tờ trình đề nghị khen thưởng của đơn vị"),
        ],
    },
    Section {
        id: "sao-luu",
        title: "Sao lưu và chuyển sang máy mới",
        parts: &[
            Text(
                "Chương trình tự sao lưu trước mỗi lần nhập gói và mỗi ngày; «Sao lưu ngay» làm thêm một bản khi cần. Khi thay máy, «Chép toàn bộ sang USB…» ghi một tệp .thidua-bansao chứa dữ liệu và các văn bản đã in, nhưng không chứa khóa ký: mất USB không ai ký thay được đơn vị.",
            ),
            Steps(&[
                "Ở máy cũ: «Cài đặt» → «Chép toàn bộ sang USB…», chọn ổ USB. Ghi «Mã bản sao» hiện ra lên nhãn USB.",
                "Ở máy mới: mở chương trình, chọn «Khôi phục từ bản sao (máy mới)», chọn tệp và nhập mã bản sao.",
                "Máy mới tạo khóa mới và hiện mã xác nhận: gửi tệp định danh và đọc mã qua điện thoại cho cấp trên để ghi danh lại.",
                "Gọi cấp trên, nghe họ đọc mã xác nhận của cấp trên và nhập vào «Xác nhận lại khóa»: từ đó gói cấp trên gửi xuống được nhập.",
            ]),
            Screen("settings-backups", "Sao lưu tự động, «Sao lưu ngay», và mã bản sao sau khi chép sang USB"),
            Screen("new-laptop-copy-code", "Khôi phục trên máy mới: nhập mã bản sao"),
            Screen("new-laptop-restored", "Dữ liệu đã về máy mới, khóa mới và mã xác nhận"),
            Screen("new-laptop-confirm-parent", "Xác nhận lại khóa của cấp trên qua điện thoại"),
        ],
    },
];

/// The "?" panel of one area of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenHelp {
    /// The window's area: "home", "plans", "registers", "reports", "exchange",
    /// "consolidation", "yearEnd", "settings".
    pub area: &'static str,
    /// What the screen is for, in a sentence or two.
    pub purpose: &'static str,
    /// What to do next, in order.
    pub next: &'static [&'static str],
    /// The guide's sections that tell more.
    pub sections: &'static [&'static str],
}

pub const SCREEN_HELP: &[ScreenHelp] = &[
    ScreenHelp {
        area: "home",
        purpose: "Trang chủ cho biết máy này là của đơn vị nào, gửi báo cáo cho ai, ai ký, và các kỳ báo cáo với hạn gửi.",
        next: &[
            "Ghi các việc trong kỳ vào «Sổ theo dõi».",
            "Gần hạn gửi: mở «Báo cáo», xem số liệu và thuyết minh.",
            "Gửi báo cáo trong «Trao đổi dữ liệu».",
        ],
        sections: &["bat-dau", "du-lieu-mau"],
    },
    ScreenHelp {
        area: "plans",
        purpose: "Kế hoạch của đơn vị và kế hoạch cấp trên gửi xuống, với đủ các mục; in đúng thể thức.",
        next: &[
            "Nhập kế hoạch từ tệp Word, hoặc mở kế hoạch cấp trên.",
            "Lập kế hoạch của đơn vị từ kế hoạch cấp trên, sửa lại.",
            "Cấp số ban hành, lưu PDF để in trình ký.",
        ],
        sections: &["ke-hoach"],
    },
    ScreenHelp {
        area: "registers",
        purpose: "Các sổ ghi từng việc trong kỳ. Số liệu báo cáo được tính từ đây.",
        next: &[
            "Chọn sổ, bấm «Thêm mới», điền và «Lưu».",
            "Sửa một bản ghi: chọn, sửa, ghi lý do.",
            "Danh sách có sẵn trong Excel: «Nhập từ bảng tính…».",
        ],
        sections: &["so-theo-doi"],
    },
    ScreenHelp {
        area: "reports",
        purpose: "Báo cáo của kỳ: số liệu tính từ sổ theo dõi, thuyết minh soạn sẵn, phụ lục; in và gửi.",
        next: &[
            "Chọn kỳ, xem từng số liệu và các bản ghi làm nên nó.",
            "Sửa thuyết minh, nơi nhận, ngày báo cáo.",
            "Lưu PDF để in trình ký, rồi gửi báo cáo trong «Trao đổi dữ liệu».",
        ],
        sections: &["bao-cao", "gui-bao-cao"],
    },
    ScreenHelp {
        area: "exchange",
        purpose: "Gửi và nhận gói dữ liệu đã ký (tệp .thidua) qua thư điện tử hoặc USB; ghi danh khóa của cấp trên và cấp dưới qua điện thoại.",
        next: &[
            "Lần đầu: xuất tệp định danh và đọc mã xác nhận cho cấp trên qua điện thoại.",
            "Mỗi kỳ: «Xuất gói báo cáo…» và gửi tệp cho cấp trên.",
            "Nhận gói: chọn tệp hoặc kéo thả vào cửa sổ, xem trước rồi nhập.",
        ],
        sections: &["gui-bao-cao", "nhan-goi", "kiem-tra-van-ban"],
    },
    ScreenHelp {
        area: "consolidation",
        purpose: "Các đơn vị trực thuộc: ai đã báo cáo, số liệu cộng lại, báo cáo từng đơn vị gửi về; bộ chỉ tiêu và mẫu Excel.",
        next: &[
            "Chọn kỳ, xem đơn vị nào chưa gửi.",
            "Mở báo cáo đơn vị gửi về, chấp nhận hoặc trả lại kèm lý do.",
            "Xuất bảng Excel tổng hợp; gửi mẫu Excel cho đơn vị chưa có chương trình.",
        ],
        sections: &["tong-hop", "nhan-goi", "mau-excel"],
    },
    ScreenHelp {
        area: "yearEnd",
        purpose: "Phần cuối năm: chỉ tiêu giao, cụm thi đua, chấm điểm và xếp hạng, đề nghị và quyết định khen thưởng.",
        next: &[
            "Cấp trên: giao chỉ tiêu, chia cụm, gửi bảng tiêu chí cùng kế hoạch; cuối năm chấm điểm, xếp hạng, xét đề nghị, ban hành quyết định.",
            "Xã, phường: tự chấm điểm và lập tờ trình đề nghị trước khi gửi báo cáo năm.",
        ],
        sections: &["cuoi-nam"],
    },
    ScreenHelp {
        area: "settings",
        purpose: "Tiêu đề văn bản và người ký, danh mục đơn vị, sao lưu, khôi phục và chuyển sang máy mới.",
        next: &[
            "Đổi người ký hay tiêu đề văn bản: «Sửa tiêu đề và người ký».",
            "Trước khi thay máy: «Chép toàn bộ sang USB…» và ghi mã bản sao lên nhãn.",
        ],
        sections: &["sao-luu", "bat-dau"],
    },
];
